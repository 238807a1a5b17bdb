package dev.agentsociety.comparison.scenario.fanout;

import static org.awaitility.Awaitility.await;

import dev.agentsociety.comparison.measure.DeliveryTally;
import dev.agentsociety.comparison.measure.Latencies;
import dev.agentsociety.comparison.measure.ProcessCosts;
import dev.agentsociety.comparison.measure.ScenarioResult;
import dev.agentsociety.comparison.measure.SidecarMetrics;
import dev.agentsociety.comparison.scenario.Progress;
import dev.agentsociety.comparison.scenario.Scenario;
import dev.agentsociety.comparison.society.Implementation;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.direct.kafka.KafkaEventCodec;
import dev.agentsociety.direct.kafka.ReceivedEvent;
import dev.agentsociety.direct.kafka.TopicReader;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.events.CustomerAccountOpened;
import dev.agentsociety.domain.events.CustomerSignedUp;
import dev.agentsociety.domain.events.RecommendationsReady;
import dev.agentsociety.domain.events.WelcomeEmailSent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * S1 publish/subscribe and S2 fan-out: signup-agent publishes signups (round-robin over the customers, so each
 * customer has several in order); welcome-, account- and recommendation-agent each answer every one. An
 * observer reads the three answer topics. The publisher sends without waiting for each acknowledgement, at the
 * given rate or as fast as it can. Measured: per answer topic the delivery tally against the signups sent (per
 * customer in publish order), latency from when each signup was due by the rate's schedule (at max rate: when it
 * was sent) to the answer's record timestamp (the handler publishing it), throughput from the first publish to the
 * last answer's timestamp, and the CPU seconds and peak memory of
 * every process in between (each agent, each sidecar, the brokers, the runner) — after a warm-up signup, which is
 * counted but not timed.
 */
public final class FanOutScenario implements Scenario {

    /**
     * @param signups   how many, spread round-robin over {@code customers} (so each customer has several, in order)
     * @param rate      signups per second, or 0 for as fast as the publisher can hand them over
     * @param warmUp    signups published first at the same rate and answered, not measured: the JVMs' JIT, the
     *                  consumer groups' first join and the connections are then behind the timed run
     */
    record Settings(int signups, int customers, double rate, Duration timeout, int warmUp) {
        Settings(int signups, int customers, double rate, Duration timeout) {
            this(signups, customers, rate, timeout, 1);
        }
    }

    /** The result, and the tally of each answer topic (without the prefix). */
    record Outcome(ScenarioResult result, Map<String, DeliveryTally> byTopic) {
    }

    @Override
    public String name() {
        return "fan-out";
    }

    @Override
    public String summary() {
        return "signups answered by welcome-, account- and recommendation-agent: throughput and latency at each --rate";
    }

    @Override
    public boolean sweepsRates() {
        return true;
    }

    /** Ten signups per customer (at least 20 customers): per-key order checked, keys spread over the partitions. */
    @Override
    public ScenarioResult run(Stage stage, Implementation implementation, Progress progress) throws Exception {
        int signups = stage.signups();
        return run(implementation, stage.kafka(), stage.topics(), stage.logs(), new Settings(signups,
                Math.min(signups, Math.max(20, signups / 10)), stage.rate(), Duration.ofMinutes(5), warmUp(stage.rate(), signups)),
                progress).result();
    }

    /**
     * The untimed warm-up: five seconds at the offered rate, or a fifth of the run at max, at least one signup and at
     * most 10,000 — for a JVM's JIT and a consumer group's first join are not the path being measured.
     */
    public static int warmUp(double perSecond, int signups) {
        return (int) Math.max(1, Math.min(10_000, perSecond > 0 ? perSecond * 5 : signups / 5.0));
    }

    static Outcome run(Implementation implementation, KafkaStack kafka, Topics topics, Path logs, Settings settings,
            Progress progress) throws Exception {
        List<CustomerSignedUp> signups = new ArrayList<>();
        for (int i = 0; i < settings.signups(); i++) {
            int round = i / settings.customers() + 1;
            signups.add(CustomerSignedUp.of("cust-" + (i % settings.customers() + 1), "r" + round + "@example.com",
                    round % 2 == 0 ? "premium" : "basic"));
        }
        Map<String, Instant> publishedAt = new HashMap<>();
        Map<String, Instant> loggedAt = new HashMap<>();
        Map<String, Map<String, Instant>> answeredAt = new LinkedHashMap<>();
        Map<String, List<ReceivedEvent>> answers = new LinkedHashMap<>();
        Instant firstPublish;
        Instant lastAnswer;
        ProcessCosts costs;
        Map<String, SidecarMetrics.Sample> sidecarsAtStart = new LinkedHashMap<>();
        Map<String, SidecarMetrics.Phase> sidecars = new LinkedHashMap<>();

        progress.phase("starting the agents", 0);
        try (Implementation.Society society = implementation.start(kafka, topics, logs);
                TopicReader welcome = new TopicReader(kafka.bootstrapServers(), "observer-welcome", topics.welcomeEmails());
                TopicReader accounts = new TopicReader(kafka.bootstrapServers(), "observer-accounts", topics.accounts());
                TopicReader recommendations = new TopicReader(kafka.bootstrapServers(), "observer-recommendations", topics.recommendations());
                TopicReader signupLog = new TopicReader(kafka.bootstrapServers(), "observer-signups", topics.customerSignups())) {
            Map<String, TopicReader> readers = Map.of(topics.welcomeEmails(), welcome, topics.accounts(), accounts,
                    topics.recommendations(), recommendations);
            readers.keySet().forEach(topic -> {
                answers.put(topic, new ArrayList<>());
                answeredAt.put(topic, new HashMap<>());
            });

            // warm-up: signups at the same rate, answered by all three agents first, so the timed run measures the
            // path at its steady state, not the consumer groups' first join or the JIT compiling it
            List<CustomerSignedUp> warmUps = new ArrayList<>();
            for (int i = 0; i < Math.max(1, settings.warmUp()); i++) {
                warmUps.add(CustomerSignedUp.of("warm-up-" + i % 20, "warm-up-" + i + "@example.com", "basic"));
            }
            progress.phase("warming up", warmUps.size());
            publish(society, warmUps, settings.rate(), new HashMap<>(), progress);
            await().atMost(settings.timeout()).until(() -> {
                pollInto(readers, answers, answeredAt);
                return answers.values().stream().allMatch(list -> list.size() >= warmUps.size());
            });
            signups.addAll(0, warmUps);

            progress.phase("publishing signups", signups.size() - warmUps.size());
            costs = ProcessCosts.start();
            society.sidecarMetrics().forEach((agent, uri) -> sidecarsAtStart.put(agent, SidecarMetrics.read(uri)));
            firstPublish = publish(society, signups.subList(warmUps.size(), signups.size()), settings.rate(), publishedAt, progress);
            progress.phase("waiting for every answer", 3L * signups.size());
            await().atMost(settings.timeout()).until(() -> {
                pollInto(readers, answers, answeredAt);
                // when each signup reached the broker (its record timestamp): splits the latency into its two legs
                signupLog.poll(Duration.ofMillis(10)).forEach(signup -> loggedAt.putIfAbsent(signup.envelope().id(), signup.timestamp()));
                progress.done(answers.values().stream().mapToLong(List::size).sum());
                return answers.values().stream().allMatch(list -> list.size() >= signups.size()) && loggedAt.size() >= signups.size();
            });
            // the run ends with the last answer written (its record timestamp), not when this observer read it
            lastAnswer = answeredAt.values().stream().flatMap(byCause -> byCause.values().stream())
                    .max(Instant::compareTo).orElseThrow();
            costs.end();
            society.sidecarMetrics().forEach((agent, uri) -> sidecars.put(agent, SidecarMetrics.read(uri)
                    .since(sidecarsAtStart.get(agent), publishedAt.size())));
            // a duplicate may come after the last answer: one marker signup per partition, written after the run, is
            // answered by each agent only after everything before it in its partition (per-partition order); once
            // every marker is answered, each answer topic is read to its end as it is then
            progress.phase("waiting for the markers", 0);
            Set<String> markers = publishMarkers(kafka, topics);
            await().atMost(settings.timeout()).until(() -> {
                pollInto(readers, answers, answeredAt);
                return answeredAt.values().stream().allMatch(byCause -> byCause.keySet().containsAll(markers));
            });
            readers.forEach((topic, reader) -> answers.get(topic).addAll(reader.readToEnd(settings.timeout())));
            answers.values().forEach(list -> list.removeIf(answer -> markers.contains(causationId(answer))));
            progress.phase("stopping the agents", 0);
        }

        Map<String, List<String>> sentByCustomer = new LinkedHashMap<>();
        signups.forEach(s -> sentByCustomer.computeIfAbsent(s.customerId(), c -> new ArrayList<>()).add(s.eventId()));
        Latencies latencies = new Latencies();
        Latencies publishLeg = new Latencies(); // due -> the signup in the broker: the publisher (and its sidecar)
        Latencies agentLeg = new Latencies();   // the signup in the broker -> the answer in the broker: the agents
        answeredAt.values().forEach(byCause -> byCause.forEach((cause, at) -> {
            if (publishedAt.containsKey(cause)) { // the warm-up is not timed
                latencies.record(Duration.between(publishedAt.get(cause), at));
                if (loggedAt.containsKey(cause)) {
                    agentLeg.record(Duration.between(loggedAt.get(cause), at));
                }
            }
        }));
        publishedAt.forEach((id, due) -> {
            if (loggedAt.containsKey(id)) {
                publishLeg.record(Duration.between(due, loggedAt.get(id)));
            }
        });
        Map<String, DeliveryTally> tallies = new LinkedHashMap<>();
        answers.forEach((topic, events) -> tallies.put(topic.substring(topics.prefix().length()), DeliveryTally.of(sentByCustomer,
                events.stream().map(e -> new DeliveryTally.Effect(customerOf(e), causationId(e))).toList())));
        ScenarioResult result = costs.into(ScenarioResult.of("fan-out", implementation.label(), "kafka")
                .tally(DeliveryTally.sum(tallies.values())).latency(latencies)
                .throughput(publishedAt.size(), Duration.between(firstPublish, lastAnswer)))
                // where the time goes, per leg, each from its own timestamps (not a difference of medians); inside the
                // Dapr agents' leg, as each sidecar counted it (from the first publish to the last answer)
                .details(new FanOutDetails(signups.size(), publishedAt.size(), settings.rate(),
                        new FanOutDetails.Legs(publishLeg.summary(), agentLeg.summary()), tallies,
                        sidecars.isEmpty() ? null : sidecars))
                .build();
        return new Outcome(result, tallies);
    }

    /**
     * Publishes at the rate (0: as fast as it can), each signup handed over without waiting for the one before, and
     * returns when all are acknowledged; {@code publishedAt} gets when each was due. Returns when the first was due.
     */
    private static Instant publish(Implementation.Society society, List<CustomerSignedUp> signups, double rate,
            Map<String, Instant> publishedAt, Progress progress) {
        Instant first = Instant.now();
        long intervalNanos = rate > 0 ? (long) (1e9 / rate) : 0;
        List<CompletableFuture<?>> acknowledged = new ArrayList<>();
        for (int i = 0; i < signups.size(); i++) {
            CustomerSignedUp signup = signups.get(i);
            // latency counts from when the signup was due, not from when the publisher got to it: a send held
            // back by the ones before it is late by that much (no coordinated omission)
            Instant due = intervalNanos > 0 ? first.plusNanos(i * intervalNanos) : Instant.now();
            if (intervalNanos > 0) {
                pace(first, i * intervalNanos);
            }
            publishedAt.put(signup.eventId(), due);
            acknowledged.add(society.send(signup)); // not waited for: the publisher keeps its pace
            progress.done(i + 1);
        }
        CompletableFuture.allOf(acknowledged.toArray(CompletableFuture[]::new)).join();
        return first;
    }

    /**
     * One valid signup on each partition of customer-signups, written by a producer of the runner's own (partition
     * given, so either variant's partitioner is beside the point); returns their event ids.
     */
    private static Set<String> publishMarkers(KafkaStack kafka, Topics topics) {
        Set<String> ids = new HashSet<>();
        KafkaEventCodec codec = new KafkaEventCodec("fan-out-marker");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            for (PartitionInfo partition : producer.partitionsFor(topics.customerSignups())) {
                CustomerSignedUp marker = CustomerSignedUp.of("marker-" + partition.partition(), "marker@example.com", "basic");
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(topics.customerSignups(), partition.partition(),
                        marker.key(), codec.encode(marker));
                record.headers().add(KafkaEventCodec.CONTENT_TYPE_HEADER, KafkaEventCodec.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
                producer.send(record);
                ids.add(marker.eventId());
            }
            producer.flush();
        }
        return ids;
    }

    /** Holds a publisher to a fixed rate: returns when the next send is due (pacing, not a wait for a condition). */
    private static void pace(Instant start, long dueNanos) {
        long wait;
        while ((wait = dueNanos - Duration.between(start, Instant.now()).toNanos()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    private static void pollInto(Map<String, TopicReader> readers, Map<String, List<ReceivedEvent>> answers,
            Map<String, Map<String, Instant>> answeredAt) {
        readers.forEach((topic, reader) -> reader.poll(Duration.ofMillis(50)).forEach(event -> {
            answers.get(topic).add(event);
            // the answer's record timestamp: when the agent's handler published it, free of this observer's polling
            answeredAt.get(topic).putIfAbsent(causationId(event), event.timestamp());
        }));
    }

    private static final Map<String, Function<ReceivedEvent, String[]>> READ = Map.of(
            "agentsociety.WelcomeEmailSent.v1", e -> {
                WelcomeEmailSent w = e.data(WelcomeEmailSent.class);
                return new String[] {w.causationId(), w.customerId()};
            },
            "agentsociety.CustomerAccountOpened.v1", e -> {
                CustomerAccountOpened a = e.data(CustomerAccountOpened.class);
                return new String[] {a.causationId(), a.customerId()};
            },
            "agentsociety.RecommendationsReady.v1", e -> {
                RecommendationsReady r = e.data(RecommendationsReady.class);
                return new String[] {r.causationId(), r.customerId()};
            });

    private static String causationId(ReceivedEvent event) {
        return READ.get(event.envelope().type()).apply(event)[0];
    }

    private static String customerOf(ReceivedEvent event) {
        return READ.get(event.envelope().type()).apply(event)[1];
    }
}
