package dev.agentsociety.comparison.scenario.exactlyonce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentsociety.domain.events.DepositRequested;
import dev.agentsociety.domain.ledger.PaymentRequested;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reference the exactly-once runs are held to: the domain's own decisions on the same input. */
class ExactlyOnceReferenceTest {

    @Test
    void eachPaymentIsDecidedOnceInTheOrderSentOnTheBalanceBeforeIt() {
        DepositRequested deposit = DepositRequested.of("acc-1", 1, 100);
        PaymentRequested first = PaymentRequested.of("acc-1", 60);
        PaymentRequested second = PaymentRequested.of("acc-1", 60);
        PaymentRequested third = PaymentRequested.of("acc-1", 40);

        // the first sent again after the second: decided once, where it came first
        var outcomes = ExactlyOnceScenario.reference(List.of(deposit), List.of(first, second, first, third));

        assertThat(outcomes).containsExactly(
                Map.entry(first.eventId(), "withdrawn 60 at 3"), // 1 opened, 2 deposited
                Map.entry(second.eventId(), "rejected 60 (insufficient funds, balance 40) at 4"),
                Map.entry(third.eventId(), "withdrawn 40 at 5"));
    }
}
