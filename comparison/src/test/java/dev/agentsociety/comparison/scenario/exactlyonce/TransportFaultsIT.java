package dev.agentsociety.comparison.scenario.exactlyonce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentsociety.comparison.measure.ProcessCosts;
import dev.agentsociety.comparison.measure.ScenarioResult;
import dev.agentsociety.comparison.scenario.Progress;
import dev.agentsociety.comparison.scenario.exactlyonce.FaultsDetails.FaultRun;
import dev.agentsociety.comparison.society.CapabilityGap;
import dev.agentsociety.comparison.society.Gaps;
import dev.agentsociety.comparison.society.Implementation;
import dev.agentsociety.devstack.kafka.EmbeddedKafkaCluster;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every broker fault and every network fault once on each variant ({@link TransportFaultsScenario}, which
 * {@code ./compare --scenarios broker-faults,network-faults --brokers 3} runs larger), on three brokers of its own: the
 * faults are not done to the suite's cluster. The broker faults land one after another in one stream of payments, the
 * network faults in another, the contrast in a third. Through every fault: no acknowledged payment lost, none
 * acknowledged while two of three brokers were gone, every payment in the log decided once as the domain decides it —
 * and the direct publisher's idempotence keeps the log free of copies and in key order. The contrast (acks=1 on
 * min.insync.replicas 1) loses acknowledged payments; Dapr's component, which has no setting below WaitForAll, does not.
 */
class TransportFaultsIT {

    private static final Path LOGS = Path.of("target", "it-logs");
    private static final Map<String, Map<Implementation, List<FaultRun>>> RUNS = new TreeMap<>();
    /** Each phase's start in the test's output: where a slow fault spent its time. */
    private static final Progress PHASES = new Progress() {
        @Override
        public void phase(String name, long total) {
            System.out.println(LocalTime.now() + " transport faults: " + name);
        }

        @Override
        public void done(long count) {
        }
    };
    private static EmbeddedKafkaCluster cluster;
    private static ProcessCosts costs;

    @BeforeAll
    static void startThreeBrokers() {
        cluster = EmbeddedKafkaCluster.withBrokers(3).start();
        costs = ProcessCosts.start();
    }

    @AfterAll
    static void writeResultsAndStop() {
        try {
            costs.end();
            RUNS.forEach((scenario, byImplementation) -> byImplementation.forEach((implementation, runs) ->
                    TransportFaultsScenario.result(scenario, implementation, runs, costs).write(ScenarioResult.SUITE_RESULTS)));
        } finally {
            cluster.close();
        }
    }

    static Stream<Arguments> streams() {
        List<List<? extends TransportFault>> streams = List.of(
                Stream.of(BrokerFault.values()).filter(f -> !f.contrast()).toList(),
                List.of(NetworkFault.values()),
                Stream.of(BrokerFault.values()).filter(BrokerFault::contrast).toList());
        return streams.stream().flatMap(faults -> Stream.of(Implementation.values())
                .map(implementation -> Arguments.of(faults, implementation)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("streams")
    void noAcknowledgedPaymentIsLostAndEachInTheLogIsDecidedOnce(List<? extends TransportFault> faults,
            Implementation implementation) throws Exception {
        String scenario = faults.get(0) instanceof NetworkFault ? TransportFaultsScenario.NETWORK_FAULTS
                : TransportFaultsScenario.BROKER_FAULTS;
        List<FaultRun> runs = TransportFaultsScenario.run(cluster, scenario + "-" + implementation.label() + "-"
                + Long.toString(System.nanoTime(), 36) + ".", LOGS, implementation, faults,
                TransportFaultsScenario.Settings.SUITE, PHASES);
        RUNS.computeIfAbsent(scenario, s -> new EnumMap<>(Implementation.class))
                .computeIfAbsent(implementation, i -> new ArrayList<>()).addAll(runs);
        runs.forEach(run -> System.out.println(implementation.label() + " " + run));

        assertThat(runs).hasSize(faults.size()).allSatisfy(run -> {
            assertThat(run.acknowledged()).as("%s: payments acknowledged", run.fault()).isPositive();
            assertThat(run.acknowledgedBelowMinIsr()).as("%s: acknowledged below min.insync.replicas", run.fault()).isZero();
            if (run.contrast() && implementation == Implementation.DIRECT_KAFKA) {
                assertThat(run.acknowledgedLost()).as("acks=1: acknowledged payments lost with the leader").isPositive();
            } else {
                assertThat(run.acknowledgedLost()).as("%s: acknowledged payments lost: %s", run.fault(), run.lostPayments())
                        .isZero();
            }
            if (implementation == Implementation.DIRECT_KAFKA && !run.contrast()) {
                assertThat(run.copies()).as("%s: idempotent producer, copies in the log", run.fault()).isZero();
                assertThat(run.orderViolations()).as("%s: idempotent producer, per-key order", run.fault()).isZero();
            }
        });
        Gaps.Check ledgerExact = () -> assertThat(runs).allSatisfy(run -> {
            assertThat(run.undecided()).as("%s: payments in the log without an outcome: %s", run.fault(), run.ledgerProblems())
                    .isZero();
            assertThat(run.extraEffects()).as("%s: outcomes beyond one per payment", run.fault()).isZero();
            assertThat(run.decidedUnlikeTheReference()).as("%s: outcomes unlike the domain's", run.fault()).isZero();
            assertThat(run.outOfSequence()).as("%s: ledger events out of sequence: %s", run.fault(), run.ledgerProblems())
                    .isZero();
            assertThat(run.passed()).as(run.fault()).isTrue();
        });
        if (scenario.equals(TransportFaultsScenario.NETWORK_FAULTS)) {
            Gaps.expect(implementation, CapabilityGap.DAPR_LEDGER_EVENTS_MISSING_AFTER_NETWORK_FAULTS, ledgerExact);
        } else {
            ledgerExact.run();
        }
    }
}
