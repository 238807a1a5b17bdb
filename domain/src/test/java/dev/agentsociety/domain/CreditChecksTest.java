package dev.agentsociety.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentsociety.domain.agents.CreditChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CreditChecksTest {

    @Test
    void anAnswerThatComesWhileTheBatchIsStillSendingIsTimedWhenItCame() {
        ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
        List<CompletableFuture<String>> asked = new ArrayList<>();
        try {
            CreditChecks.Summary summary = CreditChecks.run(3, (customer, plan) -> {
                CompletableFuture<String> answer = new CompletableFuture<>();
                switch (asked.size()) {
                    case 0 -> answer.complete("at once");
                    case 1 -> later.schedule(() -> answer.complete("later"), 200, TimeUnit.MILLISECONDS);
                    default -> answer.complete(asked.get(1).join()); // a slow send: the batch is still sending at 200 ms
                }
                asked.add(answer);
                return answer;
            }, () -> 0);

            assertThat(summary.answered()).isEqualTo(3);
            assertThat(summary.latenciesMicros()).hasSize(3);
            assertThat(summary.latenciesMicros().get(0)).as("the first answer's latency").isLessThan(150_000);
            assertThat(summary.latenciesMicros().subList(1, 3)).allSatisfy(micros -> assertThat(micros).isGreaterThanOrEqualTo(200_000));
        } finally {
            later.shutdownNow();
        }
    }

    @Test
    void aFailedCallIsCountedWithItsReason() {
        CreditChecks.Summary summary = CreditChecks.runBlocking(4, (customer, plan) -> {
            if (customer.equals("cust-2")) {
                throw new IllegalStateException("risk-agent answered 503");
            }
            return "ok";
        }, 2);

        assertThat(summary.answered()).isEqualTo(3);
        assertThat(summary.timedOut()).isEqualTo(1);
        assertThat(summary.firstFailure()).contains("risk-agent answered 503");
        assertThat(summary.peakInFlight()).isEqualTo(2);
    }
}
