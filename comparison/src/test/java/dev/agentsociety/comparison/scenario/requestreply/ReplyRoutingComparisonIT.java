package dev.agentsociety.comparison.scenario.requestreply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentsociety.comparison.society.CapabilityGap;
import dev.agentsociety.comparison.society.Gaps;
import dev.agentsociety.comparison.society.Implementation;
import dev.agentsociety.comparison.society.SuiteKafka;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.CreditChecks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * S3 with two instances of account-agent asking at once: each must get the answers to its own questions. The
 * direct requester reads replies in a consumer group of its own per instance (and counts the other's replies as
 * unknown); a Dapr app's subscription is its app-id's consumer group, shared by its instances, so the replies are
 * split between them by partition — a documented gap ({@link CapabilityGap#DAPR_REPLIES_SHARED_BY_REQUESTER_INSTANCES}).
 */
class ReplyRoutingComparisonIT {

    private static final int REQUESTS = 40;
    private static final Path LOGS = Path.of("target", "it-logs");

    private final KafkaStack kafka = SuiteKafka.get();

    @ParameterizedTest(name = "{0}")
    @EnumSource(Implementation.class)
    void eachRequesterInstanceGetsTheAnswersToItsOwnQuestions(Implementation implementation) throws Exception {
        Topics topics = SuiteKafka.freshTopics("routing", implementation.label());

        try (CreditCheck one = CreditCheck.start(implementation, kafka, topics, LOGS, "one");
                CreditCheck two = CreditCheck.start(implementation, kafka, topics, LOGS, "two")) {
            one.startRiskAgent();
            CompletableFuture<CreditChecks.Summary> askedByOne = one.run(REQUESTS, Duration.ofSeconds(20));
            CompletableFuture<CreditChecks.Summary> askedByTwo = two.run(REQUESTS, Duration.ofSeconds(20));
            CreditChecks.Summary first = askedByOne.get();
            CreditChecks.Summary second = askedByTwo.get();

            // the society works at all: risk-agent answered, and at least one instance got answers (zero answers
            // would be a broken run, not the gap)
            assertThat(first.answered() + second.answered()).as("questions answered to the instance that asked").isPositive();
            long unknownReplies = one.outcomes().getOrDefault("UNKNOWN", 0L) + two.outcomes().getOrDefault("UNKNOWN", 0L);
            long repliesReceived = unknownReplies + one.outcomes().getOrDefault("MATCHED", 0L) + two.outcomes().getOrDefault("MATCHED", 0L);
            Gaps.expect(implementation, CapabilityGap.DAPR_REPLIES_SHARED_BY_REQUESTER_INSTANCES, () -> {
                assertThat(first.answered()).as("instance one's questions answered to it").isEqualTo(REQUESTS);
                assertThat(second.answered()).as("instance two's questions answered to it").isEqualTo(REQUESTS);
            }, () -> {
                // the gap's symptom: each reply reached one instance of the requester's group, so some reached the
                // instance that did not ask (it does not know the question) and never the one that did
                assertThat(repliesReceived).as("replies received by the two instances together").isEqualTo(2L * REQUESTS);
                assertThat(unknownReplies).as("replies delivered to the instance that did not ask").isPositive();
            });
            // whatever the routing, nothing was answered to the wrong question: every match is a real one
            assertThat(one.outcomes().get("MATCHED") + two.outcomes().get("MATCHED"))
                    .isEqualTo(first.answered() + second.answered());
        }
    }
}
