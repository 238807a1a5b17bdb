package dev.agentsociety.devstack.kafka;

import dev.agentsociety.devstack.ChildProcess;
import dev.agentsociety.devstack.DevStackException;
import dev.agentsociety.devstack.ParentWatchdog;
import dev.agentsociety.devstack.Ports;
import dev.agentsociety.devstack.StackVersions;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;

/**
 * Genuine Apache Kafka brokers in KRaft mode, each in its own child JVM, from the {@code kafka_2.13} jars on Maven
 * Central: storage is formatted with {@code kafka.tools.StorageTool} and the broker runs {@code kafka.Kafka}, the
 * two main classes the distribution's {@code kafka-storage.sh} and {@code kafka-server-start.sh} use.
 *
 * <p>Every node is broker and controller at once (combined mode). One node by default; three give replication
 * factor 3 and {@code min.insync.replicas=2}. Ports are picked free at start; data lives under {@code target/}
 * (or a given folder) and is removed by {@link #close()}, which the JVM's exit also triggers.
 */
public final class EmbeddedKafkaCluster implements KafkaStack {

    private static final String CLASSPATH_RESOURCE = "/dev-stack/kafka-broker.classpath";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final int size;
    private final Path dataDir;
    private final List<Node> nodes = new ArrayList<>();
    private final List<ChildProcess> processes = new ArrayList<>();
    private String classpath;
    /** Set by {@link #secured()}: SASL_SSL listeners, an authorizer, and the credentials; null for plaintext. */
    private KafkaSecurity security;
    /** Stops the brokers and removes their data when the JVM exits without {@link #close()} (a failed test). */
    private final Thread cleanupOnExit = new Thread(this::close, "kafka-cluster-cleanup");

    /** Listener sets a fault-injecting proxy can stand in front of: one per client to be cut off on its own. */
    public static final int PROXIED_SETS = 2;

    /**
     * @param proxiedPorts per proxied set, the port the node listens on; clients of that set are told (advertised) the
     *                     port of {@link #proxiedListeners(int)} instead, where a proxy forwards to this one
     */
    private record Node(int id, int brokerPort, int controllerPort, List<Integer> proxiedPorts, List<Integer> advertisedPorts,
            Path dir) {
    }

    /** A node's listener of a proxied set: a proxy listens on {@code advertisedPort} and forwards to {@code brokerPort}. */
    public record ProxiedListener(int node, int brokerPort, int advertisedPort) {
    }

    private EmbeddedKafkaCluster(int size, Path dataDir) {
        if (size != 1 && size != 3) {
            throw new IllegalArgumentException("an embedded cluster has 1 or 3 brokers, not " + size);
        }
        this.size = size;
        this.dataDir = dataDir.toAbsolutePath().normalize();
    }

    public static EmbeddedKafkaCluster withBrokers(int size) {
        return withBrokers(size, Path.of("target", "dev-stack", "kafka-" + Long.toHexString(System.nanoTime())));
    }

    public static EmbeddedKafkaCluster withBrokers(int size, Path dataDir) {
        return new EmbeddedKafkaCluster(size, dataDir);
    }

    /**
     * Before {@link #start()}: the cluster authenticates and authorises every client and every broker
     * ({@link KafkaSecurity}): SASL_SSL with SCRAM-SHA-512 for clients and inter-broker traffic, mutual TLS for the
     * controller listener, KRaft's StandardAuthorizer with no access where no ACL grants it. No plaintext listener and no
     * proxied listeners are left.
     */
    public synchronized EmbeddedKafkaCluster secured() {
        if (!processes.isEmpty()) {
            throw new IllegalStateException("secure the cluster before starting it");
        }
        security = KafkaSecurity.create(dataDir.resolve("security"));
        return this;
    }

    /** The certificate and credentials of a {@link #secured()} cluster. */
    public KafkaSecurity security() {
        if (security == null) {
            throw new IllegalStateException("a plaintext cluster has no credentials: call secured() before start()");
        }
        return security;
    }

    @Override
    public Map<String, Object> adminConfig() {
        Map<String, Object> config = new LinkedHashMap<>(KafkaStack.super.adminConfig());
        if (security != null) {
            config.putAll(security.adminConfig());
        }
        return config;
    }

    @Override
    public synchronized EmbeddedKafkaCluster start() {
        if (!processes.isEmpty()) {
            return this;
        }
        classpath = brokerClasspath();
        Runtime.getRuntime().addShutdownHook(cleanupOnExit);
        String clusterId = Uuid.randomUuid().toString();
        for (int id = 1; id <= size; id++) {
            List<Integer> proxied = new ArrayList<>();
            List<Integer> advertised = new ArrayList<>();
            for (int set = 0; set < PROXIED_SETS; set++) {
                proxied.add(Ports.free());
                advertised.add(Ports.free());
            }
            nodes.add(new Node(id, Ports.free(), Ports.free(), proxied, advertised, dataDir.resolve("node-" + id)));
        }
        try {
            for (Node node : nodes) {
                Path config = writeConfig(node);
                format(classpath, clusterId, node, config);
                processes.add(launch(node));
            }
            KafkaReadiness.awaitBrokers(adminConfig(), size, START_TIMEOUT,
                    () -> processes.stream().allMatch(ChildProcess::isAlive), this::whyNotStarted);
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public String bootstrapServers() {
        if (nodes.isEmpty()) {
            throw new IllegalStateException("start() the cluster first");
        }
        return nodes.stream().map(n -> "127.0.0.1:" + n.brokerPort()).collect(Collectors.joining(","));
    }

    @Override
    public int brokers() {
        return size;
    }

    /**
     * The listeners of proxied set {@code set}, one per node. Nothing listens on their advertised ports until a proxy
     * does (see {@code Toxiproxy}); a client bootstrapped through them is told those ports for every broker, so all
     * its traffic goes through the proxies.
     */
    public List<ProxiedListener> proxiedListeners(int set) {
        return nodes.stream().map(n -> new ProxiedListener(n.id(), n.proxiedPorts().get(set), n.advertisedPorts().get(set)))
                .toList();
    }

    /** This cluster as a client of proxied set {@code set} reaches it: the same brokers, through the proxies. */
    public KafkaStack throughProxies(int set) {
        String bootstrap = proxiedListeners(set).stream().map(l -> "127.0.0.1:" + l.advertisedPort())
                .collect(Collectors.joining(","));
        return new ExternalKafka(bootstrap, size) {
            @Override
            public String describe() {
                return EmbeddedKafkaCluster.this.describe() + " through proxies at " + bootstrap;
            }
        };
    }

    @Override
    public String describe() {
        return "embedded " + size + " x Apache Kafka " + StackVersions.kafka() + " (KRaft, child JVMs"
                + (security == null ? "" : "; SASL_SSL, SCRAM-SHA-512, ACLs") + ")";
    }

    /** The child process of a broker, e.g. to stop one of three in a fault test. */
    @Override
    public Map<String, ProcessHandle> processes() {
        Map<String, ProcessHandle> byName = new LinkedHashMap<>();
        processes.forEach(p -> byName.put(p.name(), p.handle()));
        return byName;
    }

    public synchronized ChildProcess broker(int id) {
        return processes.get(id - 1);
    }

    /** SIGKILL to node {@code id} (broker and controller): gone at once, no controlled shutdown, no flush. */
    public synchronized void kill(int id) {
        ChildProcess node = broker(id);
        node.handle().destroyForcibly();
        if (!node.awaitExit(Duration.ofSeconds(30))) {
            throw new DevStackException("kafka-" + id + " (pid " + node.pid() + ") outlived SIGKILL for 30 s");
        }
        node.close();
    }

    /** SIGTERM to node {@code id} and wait for it to exit: a controlled shutdown, leaderships moved away first. */
    public synchronized void shutdown(int id) {
        broker(id).stop(Duration.ofSeconds(60));
    }

    /** SIGSTOP ({@code pause}) or SIGCONT to node {@code id}: a broker stalled as by a long GC pause or a frozen VM. */
    public void signal(int id, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(broker(id).pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new DevStackException("kill -" + signal + " kafka-" + id + " failed with exit " + kill.exitValue());
            }
        } catch (IOException e) {
            throw new DevStackException("cannot run kill -" + signal + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevStackException("interrupted sending " + signal + " to kafka-" + id, e);
        }
    }

    /**
     * Starts node {@code id} again, after {@link #kill} or {@link #shutdown}, on its ports and its data, and waits until
     * the cluster counts it among its brokers again.
     */
    public synchronized void restart(int id) {
        if (broker(id).isAlive()) {
            throw new IllegalStateException("kafka-" + id + " is running: kill or shut it down first");
        }
        ChildProcess node = launch(nodes.get(id - 1));
        processes.set(id - 1, node);
        KafkaReadiness.awaitBroker(adminConfig(), id, START_TIMEOUT, node::isAlive, this::whyNotStarted);
    }

    private static void signalQuietly(ChildProcess process, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
        } catch (IOException | InterruptedException e) {
            // closing: SIGKILL after the grace period ends a stopped process all the same
        }
    }

    private ChildProcess launch(Node node) {
        return ChildProcess.start("kafka-" + node.id(), javaCommand(classpath,
                        ParentWatchdog.class.getName(), Long.toString(ProcessHandle.current().pid()),
                        "kafka.Kafka", node.dir().resolve("server.properties").toString()),
                Map.of(), node.dir(), node.dir().resolve("server.log"));
    }

    @Override
    public synchronized void close() {
        processes.stream().filter(ChildProcess::isAlive).forEach(p -> signalQuietly(p, "CONT")); // a paused one, too
        processes.forEach(ChildProcess::requestStop); // all at once: a lone last controller cannot finish a clean shutdown
        processes.forEach(ChildProcess::close);
        processes.clear();
        deleteRecursively(dataDir);
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
        } catch (IllegalStateException | IllegalArgumentException exitingOrNeverAdded) {
            // the JVM is exiting (this is the hook running) or start() never got that far
        }
    }

    private Path writeConfig(Node node) {
        int replication = size;
        int minIsr = size == 3 ? 2 : 1;
        String voters = nodes.stream()
                .map(n -> n.id() + "@127.0.0.1:" + n.controllerPort())
                .collect(Collectors.joining(","));
        List<String> listeners = new ArrayList<>();
        if (security == null) {
            StringBuilder proxiedListeners = new StringBuilder();
            StringBuilder proxiedAdvertised = new StringBuilder();
            StringBuilder proxiedProtocols = new StringBuilder();
            for (int set = 0; set < PROXIED_SETS; set++) {
                proxiedListeners.append(",PROXIED").append(set).append("://127.0.0.1:").append(node.proxiedPorts().get(set));
                proxiedAdvertised.append(",PROXIED").append(set).append("://127.0.0.1:").append(node.advertisedPorts().get(set));
                proxiedProtocols.append(",PROXIED").append(set).append(":PLAINTEXT");
            }
            listeners.addAll(List.of(
                    "listeners=PLAINTEXT://127.0.0.1:" + node.brokerPort() + ",CONTROLLER://127.0.0.1:" + node.controllerPort()
                            + proxiedListeners,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + node.brokerPort() + proxiedAdvertised,
                    "inter.broker.listener.name=PLAINTEXT",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT" + proxiedProtocols));
        } else {
            String secure = KafkaSecurity.LISTENER;
            listeners.addAll(List.of(
                    "listeners=" + secure + "://127.0.0.1:" + node.brokerPort() + ",CONTROLLER://127.0.0.1:" + node.controllerPort(),
                    "advertised.listeners=" + secure + "://127.0.0.1:" + node.brokerPort(),
                    "inter.broker.listener.name=" + secure,
                    "listener.security.protocol.map=" + secure + ":SASL_SSL,CONTROLLER:SSL"));
            listeners.addAll(security.brokerProperties());
        }
        String properties = String.join("\n",
                "process.roles=broker,controller",
                "node.id=" + node.id(),
                "controller.quorum.voters=" + voters,
                String.join("\n", listeners),
                "controller.listener.names=CONTROLLER",
                "log.dirs=" + node.dir().resolve("data"),
                "default.replication.factor=" + replication,
                "min.insync.replicas=" + minIsr,
                "offsets.topic.replication.factor=" + replication,
                "transaction.state.log.replication.factor=" + replication,
                "transaction.state.log.min.isr=" + minIsr,
                "share.coordinator.state.topic.replication.factor=" + replication,
                "share.coordinator.state.topic.min.isr=" + minIsr,
                // fewer internal partitions than the production default of 50: the first consumer group is ready sooner
                "offsets.topic.num.partitions=10",
                // a group starts at once instead of waiting 3 s for more members: tests see their consumers sooner
                "group.initial.rebalance.delay.ms=0",
                // topics come from topology/topics.yaml only: a client (sarama in daprd, or a KafkaProducer) naming
                // an unknown topic gets an error instead of a broker-default topic of 1 partition
                "auto.create.topics.enable=false",
                "");
        try {
            Files.createDirectories(node.dir());
            Path file = node.dir().resolve("server.properties");
            Files.writeString(file, properties);
            return file;
        } catch (IOException e) {
            throw new DevStackException("cannot write the broker config under " + node.dir() + ": " + e.getMessage(), e);
        }
    }

    private void format(String classpath, String clusterId, Node node, Path config) {
        try (ChildProcess storageTool = ChildProcess.start("kafka-storage-" + node.id(),
                javaCommand(classpath, "kafka.tools.StorageTool", formatArguments(clusterId, config)),
                Map.of(), node.dir(), node.dir().resolve("format.log"))) {
            if (!storageTool.awaitExit(Duration.ofSeconds(60)) || storageTool.exitCode() != 0) {
                throw new DevStackException("formatting the storage of Kafka node " + node.id() + " failed (exit "
                        + storageTool.exitCode() + "):\n" + storageTool.tail(20));
            }
        }
    }

    private String[] formatArguments(String clusterId, Path config) {
        List<String> args = new ArrayList<>(List.of("format", "-t", clusterId, "-c", config.toString()));
        if (security != null) {
            args.addAll(security.formatArguments()); // the broker's and admin's SCRAM credentials, in the metadata log
        }
        return args.toArray(String[]::new);
    }

    private String whyNotStarted() {
        return processes.stream()
                .map(p -> p.isAlive()
                        ? p.name() + " is running; log " + p.logFile()
                        : p.name() + " exited with code " + p.exitCode() + ":\n" + p.tail(15) + hintFor(p.tail(200)))
                .collect(Collectors.joining("\n"));
    }

    private static String hintFor(String log) {
        if (log.contains("Address already in use")) {
            return "\n-> a port picked as free was taken meanwhile; run again";
        }
        if (log.contains("UnsupportedClassVersionError")) {
            return "\n-> Kafka " + StackVersions.kafka() + " brokers need Java 17 or newer";
        }
        return "";
    }

    static List<String> javaCommand(String classpath, String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m", "-Xmx1g", "-XX:+UseG1GC", "-Djava.awt.headless=true",
                // the broker logs through SLF4J; slf4j-simple on its classpath writes INFO lines to the node's log
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-cp", classpath, mainClass));
        command.addAll(List.of(args));
        return command;
    }

    /** The jars of kafka_2.13 and kafka-tools (written by the build into this module) plus this module's own classes. */
    static String brokerClasspath() {
        String jars;
        try (InputStream in = EmbeddedKafkaCluster.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new DevStackException(CLASSPATH_RESOURCE + " is missing from the dev-stack module: build it with ./mvnw");
            }
            jars = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> missing = Stream.of(jars.split(File.pathSeparator))
                .filter(jar -> !Files.exists(Path.of(jar)))
                .toList();
        if (!missing.isEmpty()) {
            throw new DevStackException("the Kafka broker jars are not in the local Maven repository (first missing: "
                    + missing.get(0) + "): run ./mvnw install -DskipTests to fetch them");
        }
        try {
            Path ownClasses = Path.of(ParentWatchdog.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return ownClasses + File.pathSeparator + jars;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("[dev-stack] could not remove " + dir + ": " + e.getMessage());
        }
    }
}
