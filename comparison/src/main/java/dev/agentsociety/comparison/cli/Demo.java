package dev.agentsociety.comparison.cli;

import static org.awaitility.Awaitility.await;

import dev.agentsociety.comparison.society.AgentWatch;
import dev.agentsociety.devstack.DevStackException;
import dev.agentsociety.devstack.Repo;
import dev.agentsociety.devstack.broker.PubSubBroker;
import dev.agentsociety.devstack.dapr.DaprInstallation;
import dev.agentsociety.devstack.dapr.DaprMultiAppRun;
import dev.agentsociety.devstack.dapr.DaprRunTemplate;
import dev.agentsociety.devstack.dapr.DaprScheduler;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.devstack.topology.TopologyApplier;
import dev.agentsociety.direct.kafka.ReceivedEvent;
import dev.agentsociety.direct.kafka.TopicReader;
import dev.agentsociety.direct.signup.SignupAgent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.events.CustomerSignedUp;
import dev.agentsociety.domain.events.WelcomeEmailSent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.awaitility.core.ConditionTimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The main job, until the comparison runner exists: starts the stack (Kafka, the Dapr scheduler, the Dapr agents
 * through {@code dapr run -f .}) and shows events flowing between raw-Kafka agents and Dapr agents.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Starts Kafka and the Dapr agents (dapr run -f .) and shows events flowing between a raw-Kafka "
                + "signup-agent, the Dapr agents and a raw KafkaConsumer.")
public final class Demo implements Callable<Integer> {

    @Option(names = "--signups", defaultValue = "5", description = "signups each side publishes (default: ${DEFAULT-VALUE})")
    int signups;

    @Option(names = "--broker", defaultValue = "kafka", description = "the components/ folder the Dapr agents run on: "
            + "kafka (with the raw-Kafka agents beside them), redis, rabbitmq, jetstream, mqtt, in-memory "
            + "(default: ${DEFAULT-VALUE})")
    String broker;

    private final HttpClient http = HttpClient.newHttpClient();
    private final Path logs = Path.of("target", "demo").toAbsolutePath();
    private AgentWatch watch;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Demo()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (signups < 1 || signups > 10_000) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--signups must be between 1 and 10000");
        }
        if (!PubSubBroker.NAMES.contains(broker)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "unknown broker '" + broker + "'; components/ has "
                    + String.join(", ", PubSubBroker.NAMES));
        }
        Path repo = Repo.root();
        DaprRunTemplate template = DaprRunTemplate.load(repo);
        template.requirePortsFree();
        Instant start = Instant.now();
        try {
            return broker.equals("kafka") ? onKafka(repo, template, start) : onAnotherBroker(repo, template, start);
        } catch (DevStackException e) {
            System.err.println("\ndemo: " + e.getMessage());
            return 1;
        } finally {
            if (watch != null) {
                watch.close();
            }
        }
    }

    /** Where the logs are, which agent went DOWN; 0 when nothing is missing and none did. */
    private int outcome(int missing) {
        System.out.println("  logs: " + logs + " and agents/.dapr/logs");
        watch.reports().forEach(report -> System.out.println("  DOWN: " + report));
        return missing == 0 && watch.reports().isEmpty() ? 0 : 1;
    }

    /** Kafka: raw-Kafka agents beside the Dapr agents, events crossing between them. */
    private int onKafka(Path repo, DaprRunTemplate template, Instant start) throws Exception {
        try (KafkaStack kafka = step("Kafka", () -> KafkaStack.select(1).start(), k -> k.describe() + " at " + k.bootstrapServers());
                DaprScheduler scheduler = scheduler(template)) {
            Topics topics = new Topics("demo-" + Long.toString(System.currentTimeMillis(), 36) + ".");
            TopologyApplier.ensureSpec(kafka.bootstrapServers(), topics.prefix(), kafka.brokers());
            Map<String, String> env = new HashMap<>(Map.of(KafkaStack.BOOTSTRAP_ENV, kafka.bootstrapServers(),
                    "AGENT_TOPICPREFIX", topics.prefix()));
            try (DaprMultiAppRun agents = step("dapr run -f .", () -> DaprMultiAppRun.start(repo, env, logs), r -> "started");
                    SignupAgent directSignup = new SignupAgent(kafka.bootstrapServers(), topics);
                    TopicReader welcomeEmails = new TopicReader(kafka.bootstrapServers(), "demo-reader", topics.welcomeEmails())) {
                Map<String, Integer> sidecars = step("Dapr agents", () -> agents.awaitHealthy(template.appPorts().keySet(), Duration.ofSeconds(180)),
                        ports -> "healthy, each with its own daprd (sidecar HTTP ports " + ports + ")");
                // from here on an agent whose app or daprd dies, or whose health turns DOWN, is named within a second
                watch = AgentWatch.forDaprRun(agents.process().handle(), template.appPorts());

                Map<String, String> origin = new LinkedHashMap<>();
                Map<String, Instant> publishedAt = new HashMap<>();
                for (int i = 1; i <= signups; i++) {
                    CustomerSignedUp signup = CustomerSignedUp.of("cust-direct-" + i, "direct" + i + "@example.com", i % 3 == 0 ? "premium" : "basic");
                    publishedAt.put(signup.eventId(), Instant.now());
                    directSignup.signUp(signup);
                    origin.put(signup.eventId(), "raw KafkaProducer (direct signup-agent)");
                }
                for (int i = 1; i <= signups; i++) {
                    Instant at = Instant.now();
                    CustomerSignedUp signup = postSignup(template.appPort("signup-agent"), "cust-dapr-" + i, "dapr" + i + "@example.com", i % 3 == 0 ? "premium" : "basic");
                    publishedAt.put(signup.eventId(), at);
                    origin.put(signup.eventId(), "DaprClient (Dapr signup-agent)");
                }
                System.out.printf("%n  %d signups published: %d by a raw KafkaProducer, %d by the Dapr signup-agent (POST /signups)%n",
                        origin.size(), signups, signups);
                System.out.printf("  Dapr welcome-agent answers each; a raw KafkaConsumer reads %s:%n%n", topics.welcomeEmails());

                Map<String, ReceivedEvent> welcomed = new LinkedHashMap<>();
                int duplicates = 0;
                Instant deadline = Instant.now().plusSeconds(60);
                while (welcomed.size() < origin.size() && Instant.now().isBefore(deadline)) {
                    for (ReceivedEvent event : welcomeEmails.poll(Duration.ofMillis(200))) {
                        WelcomeEmailSent email = event.data(WelcomeEmailSent.class);
                        if (welcomed.putIfAbsent(email.causationId(), event) != null) {
                            duplicates++;
                            continue;
                        }
                        long ms = Duration.between(publishedAt.getOrDefault(email.causationId(), Instant.now()), Instant.now()).toMillis();
                        System.out.printf("  %-28s %-15s %-20s <- %-40s %5d ms%n", event.topic().substring(topics.prefix().length())
                                + "-" + event.partition() + "@" + event.offset(), email.customerId(), '"' + email.subject() + '"',
                                origin.getOrDefault(email.causationId(), "?"), ms);
                    }
                }
                welcomeEmails.commit();
                int audited = auditedEvents(template.appPort("audit-agent"));
                int missing = origin.size() - welcomed.size();
                System.out.printf("%n  %d signups, %d welcome e-mails, %d missing, %d duplicates; audit-agent saw %d events; %d s in all%n",
                        origin.size(), welcomed.size(), missing, duplicates, audited, Duration.between(start, Instant.now()).toSeconds());
                return outcome(missing);
            }
        }
    }

    private DaprScheduler scheduler(DaprRunTemplate template) throws Exception {
        return step("Dapr scheduler", () -> new DaprScheduler(template.schedulerPort(), logs.resolve("scheduler")).start(),
                s -> "daprd " + DaprInstallation.ensure().daprdVersion() + ", scheduler on port " + s.port());
    }

    /**
     * The Dapr agents alone on another broker: its server started, dapr.yaml's copy for components/&lt;broker&gt;
     * ({@code tools/dapr-run-for.sh}), signups through the Dapr signup-agent, and the welcome e-mails as audit-agent
     * saw them (no raw Kafka client has anything to read there).
     */
    private int onAnotherBroker(Path repo, DaprRunTemplate template, Instant start) throws Exception {
        try (PubSubBroker pubsub = step(broker, () -> PubSubBroker.start(broker, logs.resolve("broker"), null), PubSubBroker::describe);
                DaprScheduler scheduler = scheduler(template)) {
            Topics topics = new Topics("demo-" + Long.toString(System.currentTimeMillis(), 36) + ".");
            List<String> names = new ArrayList<>();
            for (String topic : List.of(topics.customerSignups(), topics.welcomeEmails(), topics.accounts(), topics.recommendations(),
                    topics.creditRequests(), topics.creditReplies(), topics.ledgerCommands(), topics.ledgerEvents(),
                    topics.paymentRequested(), topics.ledgerSnapshots())) {
                names.addAll(List.of(topic, Topics.deadLetter(topic)));
            }
            pubsub.prepare(names);
            Map<String, String> env = new HashMap<>(pubsub.daprEnv());
            env.put("AGENT_TOPICPREFIX", topics.prefix());
            Path runDir = DaprRunTemplate.forBroker(repo, broker);
            try (DaprMultiAppRun agents = step("dapr run -f " + repo.relativize(runDir.resolve("dapr.yaml")),
                    () -> DaprMultiAppRun.start(runDir, env, logs), r -> "started")) {
                step("Dapr agents", () -> agents.awaitHealthy(template.appPorts().keySet(), Duration.ofSeconds(180)),
                        ports -> "healthy on " + broker + ", each with its own daprd (sidecar HTTP ports " + ports + ")");
                watch = AgentWatch.forDaprRun(agents.process().handle(), template.appPorts());
                Map<String, Instant> publishedAt = new HashMap<>();
                for (int i = 1; i <= signups; i++) {
                    Instant at = Instant.now();
                    CustomerSignedUp signup = postSignup(template.appPort("signup-agent"), "cust-dapr-" + i, "dapr" + i + "@example.com",
                            i % 3 == 0 ? "premium" : "basic");
                    publishedAt.put(signup.customerId(), at);
                }
                System.out.printf("%n  %d signups published by the Dapr signup-agent (POST /signups) through %s;%n", signups, broker);
                System.out.printf("  welcome-agent answers each; audit-agent's trail shows %s:%n%n", topics.welcomeEmails());
                Map<String, Long> welcomed = new LinkedHashMap<>();
                try {
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                        for (JsonNode entry : auditTrail(template.appPort("audit-agent"))) {
                            String key = entry.path("key").asText();
                            if (entry.path("topic").asText().equals(topics.welcomeEmails()) && publishedAt.containsKey(key)
                                    && !welcomed.containsKey(key)) {
                                long ms = Duration.between(publishedAt.get(key), Instant.now()).toMillis();
                                welcomed.put(key, ms);
                                System.out.printf("  %-15s welcome e-mail, seen by audit-agent within %5d ms%n", key, ms);
                            }
                        }
                        return welcomed.size() >= signups || !watch.reports().isEmpty();
                    });
                } catch (ConditionTimeoutException missingAfterAMinute) {
                    // counted below
                }
                int missing = signups - welcomed.size();
                System.out.printf("%n  %d signups, %d welcome e-mails, %d missing; %d s in all%n", signups, welcomed.size(), missing,
                        Duration.between(start, Instant.now()).toSeconds());
                return outcome(missing);
            }
        }
    }

    private JsonNode auditTrail(int port) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/audit")).build(),
                HttpResponse.BodyHandlers.ofString());
        return EventJson.mapper().readTree(response.body());
    }

    private CustomerSignedUp postSignup(int port, String customerId, String email, String plan) throws Exception {
        String body = EventJson.mapper().writeValueAsString(Map.of("customerId", customerId, "email", email, "plan", plan));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/signups"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new DevStackException("signup-agent answered " + response.statusCode() + ": " + response.body());
        }
        return EventJson.mapper().readValue(response.body(), CustomerSignedUp.class);
    }

    private int auditedEvents(int port) throws Exception {
        return auditTrail(port).size();
    }

    private interface Step<T> {
        T run() throws Exception;
    }

    private static <T> T step(String name, Step<T> step, Function<T, String> outcome) throws Exception {
        System.out.printf("  %-16s ...", name);
        System.out.flush();
        Instant began = Instant.now();
        T result = step.run();
        System.out.printf("\r  %-16s %s (%.1f s)%n", name, outcome.apply(result), Duration.between(began, Instant.now()).toMillis() / 1000.0);
        return result;
    }
}
