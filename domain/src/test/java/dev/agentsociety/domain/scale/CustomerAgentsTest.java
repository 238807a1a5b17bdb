package dev.agentsociety.domain.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.events.EventReader;
import dev.agentsociety.domain.events.MalformedEventException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CustomerAgentsTest {

    private static final Instant DUE = Instant.parse("2026-12-04T00:00:00Z");

    @ParameterizedTest
    @ValueSource(ints = {4, 5, 10, 100, 1_000, 10_000})
    void everyAgentTellsThreeOthersAndEveryAgentIsToldByThree(int population) {
        Map<Integer, Integer> told = new TreeMap<>();
        for (int agent = 0; agent < population; agent++) {
            List<Integer> peers = CustomerAgents.peersOf(agent, population);
            assertThat(peers).as("peers of %d among %d", agent, population).hasSize(3).doesNotContain(agent)
                    .allMatch(peer -> peer >= 0 && peer < population);
            if (population > 6) {
                assertThat(new HashSet<>(peers)).as("distinct peers of %d", agent).hasSize(3);
            }
            peers.forEach(peer -> told.merge(peer, 1, Integer::sum));
        }
        assertThat(told.values()).as("strides are a permutation: each agent told as often as it tells").containsOnly(3);
    }

    @Test
    void aRedeliveredActivityRepeatsItsNotesAndARepeatedNoteIsTakenOnce() {
        CustomerAgents agents = new CustomerAgents(10, "", Duration.ZERO);
        CustomerActivity activity = new CustomerActivity("act-1", "c-00001", DUE, 1);
        List<PeerNoted> notes = agents.react(activity);
        assertThat(agents.react(activity)).isEqualTo(notes);
        assertThat(notes).extracting(PeerNoted::customerId).containsExactly("c-00002", "c-00005", "c-00008");

        notes.forEach(agents::take);
        agents.take(notes.get(0));
        CustomerAgents.Effects effects = agents.effects();
        assertThat(effects.applied()).extracting(CustomerAgents.Applied::noteId)
                .containsExactlyElementsOf(notes.stream().map(PeerNoted::eventId).toList());
        assertThat(List.of(effects.agents(), effects.activities(), (int) effects.duplicates(), (int) agents.taken()))
                .containsExactly(3, 1, 1, 4);
    }

    @Test
    void anActivityForNoCustomerIsRefusedWhenRead() {
        Set<String> refused = new HashSet<>();
        for (String customer : List.of("\"bob\"", "\"c-1\"", "null", "\"c-000001\"")) {
            byte[] json = ("{\"eventId\":\"a\",\"customerId\":" + customer + ",\"occurredAt\":\"2026-12-04T00:00:00Z\",\"schemaVersion\":1}")
                    .getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> EventReader.read(null, json, CustomerActivity.class, 1)).as(customer)
                    .isInstanceOf(MalformedEventException.class)
                    .satisfies(e -> refused.add(e.getMessage()));
        }
        assertThat(refused).anyMatch(reason -> reason.contains("is not a customer id")).anyMatch(reason -> reason.contains("missing field customerId"));
        assertThat(EventReader.read(null, EventJson.toBytes(new CustomerActivity("a", "c-00042", DUE, 1)), CustomerActivity.class, 1)
                .customerId()).isEqualTo("c-00042");
        assertThat(IntStream.of(0, 42, 99_999).mapToObj(CustomerAgents::customer)).containsExactly("c-00000", "c-00042", "c-99999");
    }
}
