package dev.agentsociety.comparison.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.agentsociety.comparison.measure.Results;
import dev.agentsociety.domain.EventJson;
import org.junit.jupiter.api.Test;

class VerdictTest {

    private static Results results(String runs) throws Exception {
        return EventJson.mapper().readValue("{\"results\":[" + runs + "]}", Results.class);
    }

    private static String fanOut(String implementation, double rate, double perSecond, double p99, long delivered, double cpu,
            int orderViolations) {
        String processes = implementation.equals("dapr")
                ? "[{\"role\":\"welcome-agent app\",\"cpuSeconds\":" + cpu / 2 + "},{\"role\":\"welcome-agent daprd\",\"cpuSeconds\":" + cpu / 2 + "}]"
                : "[{\"role\":\"welcome-agent app\",\"cpuSeconds\":" + cpu + "}]";
        return "{\"scenario\":\"fan-out\",\"implementation\":\"" + implementation + "\",\"delivered\":" + delivered
                + ",\"orderViolations\":" + orderViolations + ",\"throughputPerSec\":" + perSecond + ",\"latencyMs\":{\"p99\":" + p99
                + "},\"details\":{\"rate\":" + rate + "},\"processes\":" + processes + "}";
    }

    @Test
    void eachQuestionNamesItsWinnerByHowMuchAndTheRun() throws Exception {
        Verdict verdict = new Verdict(results(String.join(",",
                fanOut("direct-kafka", 0, 3000, 900, 60_000, 30, 0), fanOut("dapr", 0, 1000, 2000, 60_000, 60, 0),
                fanOut("direct-kafka", 1000, 1000, 80, 30_000, 10, 0), fanOut("dapr", 1000, 900, 40, 30_000, 20, 2),
                fanOut("dapr", 100, 100, 10, 3_000, 2, 0),
                // the naive contrast breaks order by design: it judges no variant
                "{\"scenario\":\"exactly-once-naive\",\"implementation\":\"dapr\",\"orderViolations\":58}")));

        assertThat(verdict.rows()).extracting(Verdict.Row::question).startsWith(
                "throughput: answered signups per s at max", "latency: p99 at 1000 signups/s offered",
                "ordering: answers out of their key's order, every run but the naive contrast");
        Verdict.Row throughput = verdict.rows().get(0);
        assertThat(throughput.cells()).containsExactly("throughput: answered signups per s at max", "3000/s", "1000/s",
                "direct-kafka", "3.0×", "fan-out @ max");
        // 100/s ran on Dapr alone: the latency compares the lowest rate both ran
        assertThat(verdict.rows().get(1).cells()).containsExactly("latency: p99 at 1000 signups/s offered", "80 ms", "40 ms",
                "dapr", "2.0×", "fan-out @ 1000/s");
        assertThat(verdict.rows().get(2).cells()).containsExactly("ordering: answers out of their key's order, every run but the naive contrast", "0",
                "2", "direct-kafka", "2 fewer", "all runs");
        assertThat(verdict.rows()).filteredOn(row -> row.question().startsWith("operational cost: CPU"))
                .extracting(Verdict.Row::direct, Verdict.Row::dapr, Verdict.Row::winner)
                .containsExactly(tuple("0.50", "1.00", "direct-kafka"));
        assertThat(verdict.rows()).filteredOn(row -> row.question().startsWith("operational cost: processes"))
                .extracting(Verdict.Row::direct, Verdict.Row::dapr).containsExactly(tuple("1", "2"));
    }

    @Test
    void rebalancesCountTheAssignmentsTheAgentWasToldOfNotEveryLineThatNamesARebalance() throws Exception {
        String direct = "{\"scenario\":\"consumer-groups\",\"implementation\":\"direct-kafka\",\"details\":{"
                + "\"rebalancesSeenByFirstInstance\":[\"assigned: now reads [a-0, a-1]\",\"revoked: gives up [a-0, a-1]\","
                + "\"assigned: now reads [a-0]\"]}}";
        String dapr = "{\"scenario\":\"consumer-groups\",\"implementation\":\"dapr\",\"details\":{"
                + "\"rebalancesSeenByFirstInstance\":[\"rebalance (daprd): Consumer group rebalance strategy set to 'range'\"]}}";

        assertThat(new Verdict(results(direct + "," + dapr)).rows()).filteredOn(row -> row.question().startsWith("rebalances"))
                .extracting(Verdict.Row::direct, Verdict.Row::dapr, Verdict.Row::winner, Verdict.Row::margin)
                .containsExactly(tuple("2", "0", "direct-kafka", "2 more"));
    }

    @Test
    void aQuestionWhoseScenarioDidNotRunIsLeftOut() throws Exception {
        Verdict verdict = new Verdict(results(fanOut("direct-kafka", 0, 3000, 900, 60_000, 30, 0)));

        assertThat(verdict.rows()).extracting(Verdict.Row::question).containsExactly(
                "code size: lines of the transport layer (direct-kafka/ against agents/)");
    }
}
