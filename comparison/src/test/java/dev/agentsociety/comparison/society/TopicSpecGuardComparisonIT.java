package dev.agentsociety.comparison.society;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentsociety.devstack.Repo;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.devstack.topology.TopicSpec;
import dev.agentsociety.devstack.topology.Topology;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.events.CustomerSignedUp;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * S5: both variants run on the topics the spec created, and neither can create others. The brokers do not
 * auto-create topics ({@code auto.create.topics.enable=false}), so a publish to a name outside the spec — a typo,
 * say — fails in either transport instead of leaving a broker-default topic (1 partition, no min ISR) behind;
 * afterwards the cluster holds exactly the spec's topics under the run's prefix.
 */
class TopicSpecGuardComparisonIT {

    private static final Path LOGS = Path.of("target", "it-logs");

    private final KafkaStack kafka = SuiteKafka.get();

    @ParameterizedTest(name = "{0}")
    @EnumSource(Implementation.class)
    void onlyTheSpecsTopicsExist(Implementation implementation) throws Exception {
        Topics topics = SuiteKafka.freshTopics("spec", implementation.label());
        CustomerSignedUp signup = CustomerSignedUp.of("cust-1", "one@example.com", "basic");

        try (Implementation.EventSink publisher = implementation.publisher(kafka, topics, "signup-agent", LOGS)) {
            publisher.publish(topics.customerSignups(), signup);
            String outside = topics.prefix() + "customer-signup";
            // refused for the reason that it is not there — named in the error — and not for any reason at all
            assertThatThrownBy(() -> publisher.publish(outside, signup)).as("a publish to a topic outside the spec")
                    .hasStackTraceContaining(outside)
                    .satisfies(refused -> assertThat(causes(refused)).containsPattern("(?i)not present in metadata|does not exist"));
        }

        Set<String> specified = Topology.load(Repo.root().resolve("topology/topics.yaml"), topics.prefix()).topics().stream()
                .map(TopicSpec::name).collect(Collectors.toSet());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Set<String> live = admin.listTopics().names().get().stream()
                    .filter(name -> name.startsWith(topics.prefix())).collect(Collectors.toSet());
            assertThat(live).isEqualTo(specified);
        }
    }

    /** The messages of a throwable and its causes, one per line. */
    private static String causes(Throwable thrown) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }
}
