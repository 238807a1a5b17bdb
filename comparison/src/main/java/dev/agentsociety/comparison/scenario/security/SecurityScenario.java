package dev.agentsociety.comparison.scenario.security;

import static org.awaitility.Awaitility.await;

import dev.agentsociety.agents.dapr.AgentProperties;
import dev.agentsociety.agents.dapr.AppApiTokenFilter;
import dev.agentsociety.agents.dapr.DaprEventPublisher;
import dev.agentsociety.agents.dapr.DaprTransport;
import dev.agentsociety.comparison.measure.Latencies;
import dev.agentsociety.comparison.measure.ScenarioResult;
import dev.agentsociety.comparison.scenario.Progress;
import dev.agentsociety.comparison.scenario.Scenario;
import dev.agentsociety.comparison.scenario.security.SecurityDetails.Check;
import dev.agentsociety.comparison.scenario.security.SecurityDetails.Cost;
import dev.agentsociety.comparison.society.HostedDaprAgent;
import dev.agentsociety.comparison.society.HostedDirectAgent;
import dev.agentsociety.comparison.society.Implementation;
import dev.agentsociety.devstack.DevStackException;
import dev.agentsociety.devstack.Ports;
import dev.agentsociety.devstack.Repo;
import dev.agentsociety.devstack.dapr.DaprSentry;
import dev.agentsociety.devstack.dapr.DaprSidecar;
import dev.agentsociety.devstack.kafka.EmbeddedKafkaCluster;
import dev.agentsociety.devstack.kafka.KafkaSecurity;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.devstack.topology.DaprScopes;
import dev.agentsociety.devstack.topology.Topology;
import dev.agentsociety.devstack.topology.TopologyApplier;
import dev.agentsociety.direct.kafka.KafkaClientSecurity;
import dev.agentsociety.direct.kafka.KafkaEventPublisher;
import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.agents.RiskAgent;
import dev.agentsociety.domain.agents.WelcomeAgent;
import dev.agentsociety.domain.events.CreditRequested;
import dev.agentsociety.domain.events.CustomerSignedUp;
import dev.agentsociety.domain.events.DomainEvent;
import io.dapr.client.DaprClient;
import io.dapr.config.Properties;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;

/**
 * {@code ./compare --scenarios security}: the society on a Kafka cluster that authenticates and authorises every
 * client ({@link EmbeddedKafkaCluster#secured()}: SASL/SCRAM-SHA-512 over TLS, KRaft's StandardAuthorizer, the ACLs of
 * {@code topology/topics.yaml} applied by {@link TopologyApplier}), and Dapr's own layer on top (pub/sub scopes from
 * the same spec, DAPR_API_TOKEN, APP_API_TOKEN). Each variant tries what an agent may not do, and each refusal is a
 * row with what the user sees; then welcome-agent, with its own credentials, turns every signup into a welcome
 * e-mail; and the cost of TLS + SASL is measured against a plaintext cluster of the same size in the same run.
 */
public final class SecurityScenario implements Scenario {

    public static final String NAME = "security";
    static final String SIGNUP = "signup-agent";
    /** Below what either variant's publisher takes on this machine: the cost is latency added, not a backlog. */
    static final double DEFAULT_RATE = 200;
    /** The burst that measures throughput: this many times --messages, at most {@value #IN_FLIGHT} unanswered at once. */
    private static final int BURST_FACTOR = 20;
    private static final int IN_FLIGHT = 500;
    private static final Duration ALLOWED_PATH_TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "SASL/SCRAM over TLS, ACLs from the topology, Dapr scopes and API tokens: every forbidden attempt refused "
                + "(what the user sees), the allowed path intact, and the cost of TLS + SASL against plaintext";
    }

    @Override
    public boolean runsByDefault() {
        return false;
    }

    @Override
    public int defaultMessages() {
        return 1_000;
    }

    @Override
    public ScenarioResult run(Stage stage, Implementation implementation, Progress progress) throws Exception {
        Path work = stage.logs().toAbsolutePath().resolve("security-" + implementation.label() + "-" + System.nanoTime());
        Files.createDirectories(work);
        Topics topics = stage.topics();
        List<Check> checks = new ArrayList<>();
        List<Cost> costs = new ArrayList<>();
        progress.phase("a secured cluster and a plaintext one, the topology and its ACLs applied to both", -1);
        try (EmbeddedKafkaCluster secured = EmbeddedKafkaCluster.withBrokers(1, work.resolve("kafka-secured")).secured().start();
                EmbeddedKafkaCluster plaintext = EmbeddedKafkaCluster.withBrokers(1, work.resolve("kafka-plaintext")).start();
                Admin admin = Admin.create(secured.adminConfig())) {
            Topology topology = TopologyApplier.ensureSpec(secured.adminConfig(), topics.prefix(), 1);
            TopologyApplier.ensureSpec(plaintext.adminConfig(), topics.prefix(), 1);
            KafkaSecurity security = secured.security();
            security.createUser(admin, SIGNUP);
            security.createUser(admin, WelcomeAgent.NAME);
            security.createUser(admin, RiskAgent.NAME);
            Society society = new Society(secured, security, topology, topics, work, stage.signups());
            progress.phase("forbidden attempts and the allowed path", -1);
            if (implementation == Implementation.DIRECT_KAFKA) {
                society.directChecks(checks);
            } else {
                society.daprChecks(checks);
            }
            double rate = stage.rate() > 0 ? stage.rate() : DEFAULT_RATE;
            progress.phase("the cost: plaintext, then SASL_SSL", 2L * stage.signups());
            costs.addAll(society.costs(implementation, plaintext, secured, rate, progress));
        }
        List<Check> said = checks.stream().map(c -> new Check(c.check(), c.where(), c.allowed(), c.held(),
                c.observed().replace(topics.prefix(), ""))).toList(); // the run's topic prefix says nothing to a reader
        return ScenarioResult.of(NAME, implementation.label(), "kafka")
                .passed(!said.isEmpty() && said.stream().allMatch(Check::held))
                .details(new SecurityDetails(said, costs))
                .build();
    }

    /** The secured cluster, its credentials, and the attempts made on it. */
    private record Society(EmbeddedKafkaCluster cluster, KafkaSecurity security, Topology topology, Topics topics, Path work,
            int messages) {

        Map<String, Object> credentials(String agent) {
            return security.clientConfig(agent, security.password(agent));
        }

        // ---- direct: what a KafkaProducer or KafkaConsumer is told ----

        void directChecks(List<Check> checks) throws Exception {
            Map<String, Object> welcome = credentials(WelcomeAgent.NAME);
            checks.add(refused("a client without credentials (PLAINTEXT to the SASL_SSL listener)", "broker (TLS)",
                    () -> produce(Map.of(), topics.customerSignups())));
            Map<String, Object> wrongPassword = new HashMap<>(welcome);
            wrongPassword.put("sasl.jaas.config", jaas(WelcomeAgent.NAME, "not-" + security.password(WelcomeAgent.NAME)));
            checks.add(refused("a wrong password", "broker (SASL/SCRAM)", () -> produce(wrongPassword, topics.customerSignups())));
            Map<String, Object> noCa = new HashMap<>(welcome);
            Stream.of("ssl.truststore.location", "ssl.truststore.password", "ssl.truststore.type").forEach(noCa::remove);
            checks.add(refused("a client that does not trust the brokers' certificate (no CA)", "broker (TLS)",
                    () -> produce(noCa, topics.customerSignups())));
            Map<String, Object> otherMechanism = new HashMap<>(welcome);
            otherMechanism.put("sasl.mechanism", "SCRAM-SHA-256");
            checks.add(refused("a wrong mechanism (SCRAM-SHA-256)", "broker (SASL)", () -> produce(otherMechanism, topics.customerSignups())));
            checks.add(refused("welcome-agent publishing to accounts (account-agent's topic)", "broker (ACL)",
                    () -> produce(welcome, topics.accounts())));
            checks.add(refused("welcome-agent reading ledger-events", "broker (ACL)",
                    () -> consume(welcome, WelcomeAgent.NAME, topics.ledgerEvents())));
            checks.add(refused("welcome-agent joining ledger-agent's consumer group", "broker (ACL)",
                    () -> consume(welcome, "ledger-agent", topics.customerSignups())));
            Path wrong = work.resolve("client-welcome-agent-wrong.properties");
            Files.writeString(wrong, Files.readString(security.clientPropertiesFile(WelcomeAgent.NAME))
                    .replace(security.password(WelcomeAgent.NAME), "not-the-password"));
            checks.add(agentExits("welcome-agent started with a wrong password", "broker (SASL/SCRAM)", wrong, "is DOWN and exits"));
            checks.add(agentExits("welcome-agent started without its credentials file", "agent", work.resolve("missing.properties"),
                    KafkaClientSecurity.ENV + " names"));
            Files.delete(wrong);
            try (HostedDirectAgent agent = HostedDirectAgent.start(WelcomeAgent.NAME, cluster, topics.prefix(), work,
                    Map.of(KafkaClientSecurity.ENV, security.clientPropertiesFile(WelcomeAgent.NAME).toString()));
                    KafkaEventPublisher signups = new KafkaEventPublisher(cluster.bootstrapServers(), SIGNUP, credentials(SIGNUP))) {
                checks.add(allowedPath(signups::send));
            }
        }

        /** The direct welcome-agent given {@code properties}: it must exit non-zero, saying why in a line with {@code mark}. */
        private Check agentExits(String check, String where, Path properties, String mark) {
            String said;
            Integer code = null;
            HostedDirectAgent agent = null;
            try {
                agent = HostedDirectAgent.start(WelcomeAgent.NAME, cluster, topics.prefix(), work,
                        Map.of(KafkaClientSecurity.ENV, properties.toString()));
                if (agent.handle().onExit().completeOnTimeout(null, 30, TimeUnit.SECONDS).join() != null) {
                    agent.handle().onExit().join();
                    code = agent.exitCode();
                }
                said = agent.logTail(200);
            } catch (DevStackException exited) { // before it served its health
                said = exited.getMessage();
                Matcher m = Pattern.compile("exited with code (\\d+)").matcher(said);
                code = m.find() ? Integer.valueOf(m.group(1)) : null;
            } finally {
                if (agent != null) {
                    agent.close();
                }
            }
            String line = Stream.of(said.split("\n")).filter(l -> l.contains(mark)).findFirst().orElse(null);
            boolean held = code != null && code != 0 && line != null;
            return new Check(check, where, false, held, (code == null ? "still running after 30 s" : "exit " + code) + ": "
                    + (line == null ? "no line says why" : firstLine(line.replace(work.toString(), "<run>")
                    .replace("org.apache.kafka.common.errors.", ""))));
        }

        // ---- Dapr: what daprd and the app answer ----

        void daprChecks(List<Check> checks) throws Exception {
            Path components = renderComponents(work.resolve("components"), Map.of());
            Map<String, String> welcomeEnv = sidecarEnv(WelcomeAgent.NAME);
            checks.add(daprdRefused("a sidecar without credentials (components/kafka, authType none)", "broker (TLS)",
                    Repo.components("kafka"), Map.of(KafkaStack.BOOTSTRAP_ENV, cluster.bootstrapServers())));
            Map<String, String> wrongPassword = new HashMap<>(welcomeEnv);
            wrongPassword.put("KAFKA_SASL_PASSWORD", "not-" + security.password(WelcomeAgent.NAME));
            checks.add(daprdRefused("a wrong password", "broker (SASL/SCRAM)", components, wrongPassword));
            Map<String, String> otherCa = new HashMap<>(welcomeEnv);
            otherCa.put("KAFKA_CA_CERT", KafkaSecurity.create(work.resolve("other-ca")).caPem());
            checks.add(daprdRefused("a sidecar that does not trust the brokers' certificate (another CA)", "broker (TLS)",
                    components, otherCa));
            checks.add(daprdRefused("a wrong mechanism (saslMechanism SHA-256)", "broker (SASL)",
                    renderComponents(work.resolve("components-sha-256"), Map.of("saslMechanism", "SHA-256")), welcomeEnv));
            Map<String, String> noPassword = new HashMap<>(welcomeEnv);
            noPassword.remove("KAFKA_SASL_PASSWORD");
            checks.add(daprdRefused("a missing secret (KAFKA_SASL_PASSWORD not in daprd's environment)", "daprd (secret store)",
                    components, noPassword));

            String signupToken = KafkaSecurity.randomSecret();
            String welcomeToken = KafkaSecurity.randomSecret();
            String appToken = KafkaSecurity.randomSecret();
            Map<String, String> signupEnv = new HashMap<>(sidecarEnv(SIGNUP));
            signupEnv.put("DAPR_API_TOKEN", signupToken);
            Map<String, String> welcomeSidecar = new HashMap<>(welcomeEnv);
            welcomeSidecar.put("DAPR_API_TOKEN", welcomeToken);
            welcomeSidecar.put(AppApiTokenFilter.ENV, appToken);
            Path withSubscription = renderComponents(work.resolve("components-subscribed"), Map.of());
            Files.writeString(withSubscription.resolve("ledger-events-subscription.yaml"), """
                    # welcome-agent asks for ledger-events, which its subscriptionScopes do not grant
                    apiVersion: dapr.io/v2alpha1
                    kind: Subscription
                    metadata:
                      name: welcome-reads-ledger-events
                    spec:
                      pubsubname: pubsub
                      topic: %s
                      routes:
                        default: /ledger-events
                    scopes:
                      - welcome-agent
                    """.formatted(topics.ledgerEvents()));
            try (DaprSidecar publisher = new DaprSidecar(SIGNUP, null, components, signupEnv, work).start();
                    DaprClient client = DaprTransport.clientBuilder(new AgentProperties.Sidecar("127.0.0.1", publisher.httpPort(),
                            publisher.grpcPort())).withPropertyOverride(Properties.API_TOKEN, signupToken).build();
                    HostedDaprAgent welcome = HostedDaprAgent.startAs(WelcomeAgent.NAME, WelcomeAgent.NAME, topics.prefix(),
                            List.of(withSubscription), welcomeSidecar,
                            Map.of("DAPR_API_TOKEN", welcomeToken, AppApiTokenFilter.ENV, appToken), work)) {
                DaprEventPublisher events = new DaprEventPublisher(client, "pubsub");
                checks.add(allowedPath(events::publishInKeyOrder));
                checks.add(http("a call to a sidecar without its DAPR_API_TOKEN", "daprd (API token)", 401,
                        publish(publisher.httpPort(), topics.customerSignups(), null)));
                checks.add(http("welcome-agent publishing to accounts (account-agent's topic)", "daprd (publishingScopes)", 403,
                        publish(welcome.sidecarHttpPort(), topics.accounts(), welcomeToken)));
                checks.add(http("a call to the app that does not come from its sidecar (no APP_API_TOKEN)", "app (APP_API_TOKEN)", 401,
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + welcome.appPort() + "/dapr/subscribe")).GET()));
                checks.add(notSubscribed(welcome));
            }
            Path otherGroup = renderComponents(work.resolve("components-other-group"), Map.of("consumerGroup", "ledger-agent"));
            checks.add(groupRefused(otherGroup, welcomeEnv));
            invocationChecks(checks, components);
        }

        /**
         * The sync baseline's call, account-agent asking risk-agent for a credit limit through service invocation,
         * with mTLS from Dapr's Sentry: a caller holding a certificate of that CA is answered; one without mTLS is not.
         */
        private void invocationChecks(List<Check> checks, Path components) throws Exception {
            Path noComponents = Files.createDirectories(work.resolve("no-components"));
            int riskPort = Ports.free();
            // name resolution without multicast: the kubernetes resolver's template, a static map (it calls no API)
            Path config = work.resolve("invocation-config.yaml");
            Files.writeString(config, """
                    apiVersion: dapr.io/v1alpha1
                    kind: Configuration
                    metadata:
                      name: invocation
                    spec:
                      nameResolution:
                        component: kubernetes
                        configuration:
                          template: '{{if eq .ID "risk-agent"}}127.0.0.1:%d{{end}}'
                    """.formatted(riskPort));
            String body = new String(EventJson.toBytes(
                    CreditRequested.of("sec-credit", "basic", topics.creditReplies())), StandardCharsets.UTF_8);
            try (DaprSentry sentry = new DaprSentry(work.resolve("sentry")).start();
                    HostedDaprAgent risk = HostedDaprAgent.startAs(RiskAgent.NAME, RiskAgent.NAME, topics.prefix(), List.of(components),
                            sidecarEnv(RiskAgent.NAME), Map.of(), sidecar -> sidecar.mtls(sentry).config(config).internalGrpcPort(riskPort), work);
                    DaprSidecar withCertificate = new DaprSidecar("account-agent", null, noComponents, Map.of(), work)
                            .mtls(sentry).config(config).start();
                    DaprSidecar without = new DaprSidecar("account-agent", null, noComponents, Map.of(), work).config(config).start()) {
                // daprd invokes an app it has seen healthy (its app health check, every second): until then it answers 500
                AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
                try {
                    await().pollInterval(Duration.ofMillis(250)).atMost(Duration.ofSeconds(30)).until(() -> {
                        last.set(HTTP.send(invoke(withCertificate.httpPort(), body).build(), HttpResponse.BodyHandlers.ofString()));
                        return last.get().statusCode() == 200;
                    });
                } catch (ConditionTimeoutException notAnswered) {
                    // the row says what the last answer was
                }
                HttpResponse<String> answered = last.get();
                checks.add(new Check("account-agent -> risk-agent by service invocation, both sidecars on mTLS (Sentry)", "-", true,
                        answered.statusCode() == 200 && answered.body().contains("\"correlationId\""),
                        "HTTP " + answered.statusCode() + " " + firstLine(answered.body())));
                checks.add(http("a sidecar without a certificate of the CA (no mTLS) invoking risk-agent", "daprd (mTLS, Sentry)", 500,
                        invoke(without.httpPort(), body)));
            }
        }

        private static HttpRequest.Builder invoke(int daprHttpPort, String body) {
            return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daprHttpPort + "/v1.0/invoke/risk-agent/method/credit-limit"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }

        /** welcome-agent's declared subscription to ledger-events: daprd refuses it, and its group never reads the topic. */
        private Check notSubscribed(HostedDaprAgent welcome) throws Exception {
            String line = awaitLine(welcome.sidecarLog(), ".*subscription to topic '" + Pattern.quote(topics.ledgerEvents())
                    + "' on pubsub 'pubsub' is not allowed.*", Duration.ofSeconds(30));
            try (Admin admin = Admin.create(cluster.adminConfig())) {
                var group = admin.describeConsumerGroups(List.of(WelcomeAgent.NAME)).all().get(10, TimeUnit.SECONDS)
                        .get(WelcomeAgent.NAME);
                Set<String> read = new HashSet<>();
                group.members().forEach(m -> m.assignment().topicPartitions().forEach(tp -> read.add(tp.topic())));
                boolean held = line != null && !read.isEmpty() && !read.contains(topics.ledgerEvents());
                return new Check("welcome-agent subscribing to ledger-events (a declared Subscription)", "daprd (subscriptionScopes)",
                        false, held, (line == null ? "no refusal logged" : "daprd: " + daprMessage(line)) + "; welcome-agent's group reads "
                                + read.stream().map(t -> t.substring(topics.prefix().length())).sorted().toList()
                                + " (daprd retries the refused subscription: " + linesOf(welcome.sidecarLog(), "Retry failed for subscription")
                                + " retries logged)");
            }
        }

        /** welcome-agent's sidecar with a component naming ledger-agent's group: the broker refuses it the group. */
        private Check groupRefused(Path components, Map<String, String> env) throws Exception {
            try (HostedDaprAgent welcome = HostedDaprAgent.startAs(WelcomeAgent.NAME, WelcomeAgent.NAME, topics.prefix(),
                    List.of(components), env, Map.of(), work)) {
                String line = awaitLine(welcome.sidecarLog(), "(?i).*not authori[sz]ed.*group.*", Duration.ofSeconds(30));
                HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + welcome.appPort()
                        + "/actuator/health")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                String status = health.body().contains("\"status\":\"UP\"") ? "UP" : "DOWN";
                return new Check("welcome-agent joining ledger-agent's consumer group (its component edited)", "broker (ACL)", false,
                        line != null, (line == null ? "no refusal logged within 30 s" : "daprd: " + daprMessage(line))
                                + "; welcome-agent's health: " + status + " (HTTP " + health.statusCode() + ")");
            }
        }

        private Check daprdRefused(String check, String where, Path components, Map<String, String> env) throws IOException {
            long before = brokerRefusals().size();
            return withBrokerSaid(daprd(check, where, components, env), before);
        }

        private Check daprd(String check, String where, Path components, Map<String, String> env) {
            try (DaprSidecar sidecar = new DaprSidecar(WelcomeAgent.NAME, null, components, env, work)
                    .startTimeout(Duration.ofSeconds(20))) {
                sidecar.start();
                return new Check(check, where, false, false, "daprd started and turned healthy");
            } catch (DevStackException refused) {
                String[] lines = refused.getMessage().strip().split("\n");
                Matcher sarama = Pattern.compile("kafka( error)?: ").matcher(lines[0]);
                int cause = sarama.find() ? sarama.start() : -1; // past daprd's wrapping, to what the component was told
                String hint = lines.length > 1 && lines[1].startsWith("->") ? " " + lines[1] : "";
                return new Check(check, where, false, true, "daprd exited (fatal): "
                        + firstLine(cause < 0 ? lines[0] : lines[0].substring(cause)) + hint);
            }
        }

        private Map<String, String> sidecarEnv(String agent) {
            Map<String, String> env = new HashMap<>();
            env.put(KafkaStack.BOOTSTRAP_ENV, cluster.bootstrapServers());
            env.put("KAFKA_SASL_USERNAME", agent);
            env.put("KAFKA_SASL_PASSWORD", security.password(agent));
            env.put("KAFKA_CA_CERT", security.caPem());
            return env;
        }

        /** components/kafka-secure with the run's prefixed scopes, and {@code extra} metadata set. */
        private Path renderComponents(Path target, Map<String, String> extra) throws IOException {
            Path source = Repo.components("kafka-secure");
            Files.createDirectories(target);
            Files.copy(source.resolve("envvars.yaml"), target.resolve("envvars.yaml"));
            DaprScopes.of(topology).render(source.resolve("pubsub.yaml"), target.resolve("pubsub.yaml"), extra);
            return target;
        }

        // ---- the allowed path: every signup a welcome e-mail, through the agents' own credentials ----

        private Check allowedPath(BiFunction<String, DomainEvent, CompletableFuture<?>> send) throws Exception {
            int signups = Math.min(messages, 100);
            List<CompletableFuture<?>> sent = new ArrayList<>();
            for (int i = 0; i < signups; i++) {
                sent.add(send.apply(topics.customerSignups(), CustomerSignedUp.of("sec-" + i, "sec-" + i + "@example.com", "basic")));
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            Set<String> welcomed = readKeys(topics.welcomeEmails(), signups, ALLOWED_PATH_TIMEOUT);
            return new Check("signup-agent -> welcome-agent -> welcome-emails, each with its own credentials", "-", true,
                    welcomed.size() == signups, welcomed.size() + " of " + signups + " signups welcomed");
        }

        /** The distinct keys on {@code topic}, read as admin, until {@code expected} of them or the timeout. */
        private Set<String> readKeys(String topic, int expected, Duration timeout) {
            Map<String, Object> config = new HashMap<>(cluster.adminConfig());
            try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = reader.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                reader.assign(partitions);
                reader.seekToBeginning(partitions);
                Set<String> keys = new HashSet<>();
                long deadline = System.nanoTime() + timeout.toNanos();
                while (keys.size() < expected && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                        keys.add(record.key());
                    }
                }
                return keys;
            }
        }

        // ---- the cost ----

        /**
         * signup-agent's publisher on the plaintext cluster and on the secured one, measured in two rounds that alternate
         * between them; the second round is kept: by then both paths, and this JVM, are warm alike.
         */
        List<Cost> costs(Implementation implementation, EmbeddedKafkaCluster plaintext, EmbeddedKafkaCluster secured, double rate,
                Progress progress) throws Exception {
            try (Sink plain = sink(implementation, plaintext, Map.of(), "components-plaintext");
                    Sink tls = sink(implementation, secured, credentials(SIGNUP), "components-cost")) {
                String topic = topics.customerSignups();
                paced("plaintext", plain.send(), topic, rate, Progress.NONE);
                paced("SASL_SSL", tls.send(), topic, rate, Progress.NONE);
                return List.of(paced("plaintext", plain.send(), topic, rate, progress), paced("SASL_SSL", tls.send(), topic, rate, progress));
            }
        }

        /** A publisher in the variant's transport, and what to close after it, in that order. */
        private record Sink(BiFunction<String, DomainEvent, CompletableFuture<?>> send, List<AutoCloseable> parts) implements AutoCloseable {
            @Override
            public void close() throws Exception {
                for (AutoCloseable part : parts) {
                    part.close();
                }
            }
        }

        private Sink sink(Implementation implementation, EmbeddedKafkaCluster on, Map<String, Object> credentials, String folder)
                throws IOException {
            if (implementation == Implementation.DIRECT_KAFKA) {
                KafkaEventPublisher publisher = new KafkaEventPublisher(on.bootstrapServers(), SIGNUP, credentials);
                return new Sink(publisher::send, List.of(publisher));
            }
            Map<String, String> env = credentials.isEmpty() ? Map.of(KafkaStack.BOOTSTRAP_ENV, on.bootstrapServers()) : sidecarEnv(SIGNUP);
            Path components = credentials.isEmpty() ? Repo.components("kafka") : renderComponents(work.resolve(folder), Map.of());
            DaprSidecar sidecar = new DaprSidecar(SIGNUP, null, components, env, work).start();
            DaprClient client = HostedDaprAgent.publisherClient(sidecar);
            return new Sink(new DaprEventPublisher(client, "pubsub")::publishInKeyOrder, List.of(client, sidecar));
        }

        /** {@code messages} signups at {@code rate}, each one's latency taken from the time it was due (no coordinated omission). */
        private Cost paced(String transport, BiFunction<String, DomainEvent, CompletableFuture<?>> send, String topic, double rate,
                Progress progress) throws Exception {
            Latencies latencies = new Latencies();
            AtomicLong lastAck = new AtomicLong();
            long start = paced(send, topic, messages, rate, "cost-", latencies, lastAck, progress);
            var summary = latencies.summary();
            double seconds = (lastAck.get() - start) / 1e9;
            AtomicLong burstAck = new AtomicLong();
            int burst = BURST_FACTOR * messages;
            long burstStart = paced(send, topic, burst, Double.POSITIVE_INFINITY, "burst-", new Latencies(), burstAck, Progress.NONE);
            return new Cost(transport, messages, rate, Math.round(messages / seconds * 10) / 10.0, summary.p50(), summary.p99(),
                    summary.max(), Math.round(burst / ((burstAck.get() - burstStart) / 1e9) * 10) / 10.0);
        }

        /**
         * Sends {@code count} signups at {@code rate} (infinite: as fast as the publisher takes them, at most
         * {@value #IN_FLIGHT} unanswered) and waits for every acknowledgement; returns when it started.
         */
        private long paced(BiFunction<String, DomainEvent, CompletableFuture<?>> send, String topic, int count, double rate,
                String ids, Latencies latencies, AtomicLong lastAck, Progress progress) throws Exception {
            List<CompletableFuture<?>> sent = new ArrayList<>();
            Semaphore window = new Semaphore(IN_FLIGHT);
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                long due = start + (long) (i * 1e9 / rate);
                LockSupport.parkNanos(due - System.nanoTime()); // the schedule, not a wait for a condition
                window.acquireUninterruptibly();
                sent.add(send.apply(topic, CustomerSignedUp.of(ids + i, ids + i + "@example.com", "basic"))
                        .whenComplete((ok, failure) -> {
                            long now = System.nanoTime();
                            window.release();
                            latencies.record(Duration.ofNanos(now - due));
                            lastAck.accumulateAndGet(now, Math::max);
                            progress.done(1);
                        }));
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            return start;
        }

        // ---- attempts ----

        private void produce(Map<String, Object> security, String topic) throws Exception {
            Map<String, Object> config = new HashMap<>(security);
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
            config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
            config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 6_000);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(topic, "k", new byte[] {'{', '}'})).get(15, TimeUnit.SECONDS);
            }
        }

        private void consume(Map<String, Object> security, String group, String topic) {
            Map<String, Object> config = new HashMap<>(security);
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            config.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(topic));
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(500));
                    if (!consumer.assignment().isEmpty()) {
                        return; // joined and assigned: allowed
                    }
                }
            }
        }

        private interface Attempt {
            void run() throws Exception;
        }

        /** The broker's reasons for the connections it refused so far ("Failed authentication with ... (reason)"). */
        private List<String> brokerRefusals() throws IOException {
            try (Stream<String> lines = Files.lines(cluster.broker(1).logFile())) {
                return lines.filter(line -> line.contains("Failed authentication with")).map(line -> {
                    int reason = line.lastIndexOf(" (");
                    return reason < 0 ? line : line.substring(reason + 2, line.length() - (line.endsWith(")") ? 1 : 0));
                }).toList();
            }
        }

        /** {@code check} with what the broker logged of the refusal, if it logged one since {@code before}. */
        private Check withBrokerSaid(Check check, long before) throws IOException {
            List<String> refusals = brokerRefusals();
            return refusals.size() <= before ? check : new Check(check.check(), check.where(), check.allowed(), check.held(),
                    check.observed() + " | broker log: Failed authentication (" + refusals.get(refusals.size() - 1) + ")");
        }

        private Check refused(String check, String where, Attempt attempt) throws IOException {
            long before = brokerRefusals().size();
            return withBrokerSaid(attempted(check, where, attempt), before);
        }

        /** A forbidden attempt: held when it fails; what it failed with is what the user sees. */
        private static Check attempted(String check, String where, Attempt attempt) {
            try {
                attempt.run();
                return new Check(check, where, false, false, "allowed");
            } catch (Exception e) {
                Throwable cause = e;
                while (cause.getCause() != null && (cause instanceof ExecutionException
                        || cause.getClass().getName().equals("org.apache.kafka.common.KafkaException"))) {
                    cause = cause.getCause();
                }
                return new Check(check, where, false, true, cause.getClass().getSimpleName() + ": " + firstLine(String.valueOf(cause.getMessage())));
            }
        }

        private static HttpRequest.Builder publish(int daprHttpPort, String topic, String token) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daprHttpPort + "/v1.0/publish/pubsub/" + topic))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
            if (token != null) {
                request.header(AppApiTokenFilter.HEADER, token);
            }
            return request;
        }

        private static Check http(String check, String where, int expected, HttpRequest.Builder request) throws Exception {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            String body = firstLine(response.body()).replaceAll("\\s+", " ");
            return new Check(check, where, false, response.statusCode() == expected,
                    "HTTP " + response.statusCode() + (body.isBlank() ? "" : " " + body.substring(0, Math.min(240, body.length()))));
        }

        private static String jaas(String user, String password) {
            return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\"" + password + "\";";
        }
    }

    static String firstLine(String text) {
        String line = text == null ? "" : text.strip().split("\n", 2)[0];
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    private static final Pattern DAPR_MESSAGE = Pattern.compile("msg=\"((?:[^\"\\\\]|\\\\.)*)\"");

    static String daprMessage(String line) {
        Matcher m = DAPR_MESSAGE.matcher(line);
        return firstLine(m.find() ? m.group(1) : line);
    }

    private static long linesOf(Path log, String text) throws IOException {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(line -> line.contains(text)).count();
        }
    }

    /** The first line of {@code log} matching {@code regex}, looked for until {@code timeout}; null if none came. */
    private static String awaitLine(Path log, String regex, Duration timeout) {
        AtomicReference<String> found = new AtomicReference<>();
        try {
            await().pollInterval(Duration.ofMillis(250)).atMost(timeout).until(() -> {
                try (Stream<String> lines = Files.lines(log)) {
                    lines.filter(line -> line.matches(regex)).findFirst().ifPresent(found::set);
                }
                return found.get() != null;
            });
        } catch (ConditionTimeoutException none) {
            // the caller's row says that nothing came
        }
        return found.get();
    }
}
