package dev.agentsociety.comparison.scenario;

import dev.agentsociety.comparison.bench.BenchmarkScenario;
import dev.agentsociety.comparison.bench.ReplayScenario;
import dev.agentsociety.comparison.measure.ScenarioResult;
import dev.agentsociety.comparison.scenario.brokers.BrokerMatrixScenario;
import dev.agentsociety.comparison.scenario.exactlyonce.TransportFaultsScenario;
import dev.agentsociety.comparison.scenario.exactlyonce.ExactlyOnceScenario;
import dev.agentsociety.comparison.scenario.fanout.FanOutScenario;
import dev.agentsociety.comparison.scenario.groups.ConsumerGroupScenario;
import dev.agentsociety.comparison.scenario.poison.PoisonScenario;
import dev.agentsociety.comparison.scenario.requestreply.SyncVsAsyncScenario;
import dev.agentsociety.comparison.scenario.scale.ScaleScenario;
import dev.agentsociety.comparison.scenario.security.SecurityScenario;
import dev.agentsociety.comparison.society.Implementation;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.domain.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One scenario of the comparison, run by {@code ./compare} on each implementation — and by the comparison suite's
 * tests with their own settings, through each scenario's {@code run(...)}. A new scenario is a class implementing
 * this and a line in {@link #all()}.
 */
public interface Scenario {

    /** Its name on the command line and in results.json ({@code --scenarios NAME}). */
    String name();

    /** One line for {@code ./compare --help}: what it does to the society and what it measures. */
    String summary();

    /** Whether {@code ./compare} runs it when {@code --scenarios} is not given. */
    default boolean runsByDefault() {
        return true;
    }

    /** Its {@code --messages} when none is given. */
    default int defaultMessages() {
        return 60;
    }

    /** Whether it runs once per offered rate of {@code --rate} (fan-out); the others take the first rate. */
    default boolean sweepsRates() {
        return false;
    }

    /**
     * Whether it runs on every broker of {@code --broker} (through Dapr's components); the others observe Kafka's
     * log, groups or transactions and run on Kafka only.
     */
    default boolean portable() {
        return false;
    }

    /** Whether it runs for this implementation (the broker matrix measures Dapr's components only). */
    default boolean runs(Implementation implementation) {
        return true;
    }

    ScenarioResult run(Stage stage, Implementation implementation, Progress progress) throws Exception;

    /**
     * What a scenario runs on: the broker, topics of its own, where the logs go, and the run's size.
     *
     * @param rate            messages per second to offer, 0 for as fast as the publisher can
     * @param signups         how many messages (fan-out's signups): {@code --messages}, or rate x {@code --duration}
     * @param payloadBytes    payload sizes, for a scenario that varies them ({@code --payload-bytes})
     * @param durationSeconds {@code --duration}, when given
     * @param broker          the broker of a portable scenario's Dapr components ({@code components/<broker>});
     *                        {@code kafka} (the {@code kafka} stack) for the others
     * @param agents          the scale scenario's populations ({@code --agents})
     */
    record Stage(KafkaStack kafka, Topics topics, Path logs, double rate, int signups, List<Integer> payloadBytes,
            Integer durationSeconds, String broker, List<Integer> agents) {
    }

    /** Every scenario, in the order {@code ./compare} runs them. */
    static List<Scenario> all() {
        return List.of(new FanOutScenario(), new ConsumerGroupScenario(), new SyncVsAsyncScenario(),
                new ExactlyOnceScenario(false), new ExactlyOnceScenario(true), TransportFaultsScenario.brokerFaults(), TransportFaultsScenario.networkFaults(), new PoisonScenario(), new ReplayScenario(),
                new BenchmarkScenario(), new BrokerMatrixScenario(), new SecurityScenario(), new ScaleScenario());
    }

    static Optional<Scenario> named(String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
