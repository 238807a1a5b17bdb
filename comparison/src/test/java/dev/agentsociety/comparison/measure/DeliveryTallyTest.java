package dev.agentsociety.comparison.measure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentsociety.comparison.measure.DeliveryTally.Effect;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryTallyTest {

    private static final Map<String, List<String>> SENT = Map.of("a", List.of("a1", "a2", "a3"), "b", List.of("b1", "b2"));

    @Test
    void everythingOnceInOrderIsClean() {
        DeliveryTally tally = DeliveryTally.of(SENT, List.of(new Effect("a", "a1"), new Effect("b", "b1"),
                new Effect("a", "a2"), new Effect("b", "b2"), new Effect("a", "a3")));

        assertThat(tally).isEqualTo(new DeliveryTally(5, 5, 0, 0, 0, 0, List.of()));
    }

    @Test
    void aRedeliveredSuffixCountsAsDuplicatesNotAsDisorder() {
        DeliveryTally tally = DeliveryTally.of(SENT, List.of(new Effect("a", "a1"), new Effect("a", "a2"),
                new Effect("a", "a1"), new Effect("a", "a2"), new Effect("a", "a3"), new Effect("b", "b1"), new Effect("b", "b2")));

        assertThat(tally.duplicates()).isEqualTo(2);
        assertThat(tally.orderViolations()).isZero();
        assertThat(tally.lost()).isZero();
    }

    @Test
    void anOvertakingEffectIsAViolationAndAMissingOneIsLost() {
        DeliveryTally tally = DeliveryTally.of(SENT, List.of(new Effect("a", "a2"), new Effect("a", "a1"),
                new Effect("a", "a3"), new Effect("b", "b2"), new Effect("b", "x9")));

        assertThat(tally.orderViolations()).isEqualTo(1); // a1 after a2; b2 alone is in order
        assertThat(tally.lostIds()).containsExactly("b1");
        assertThat(tally.unexpected()).isEqualTo(1);
        assertThat(tally.delivered()).isEqualTo(4);
    }
}
