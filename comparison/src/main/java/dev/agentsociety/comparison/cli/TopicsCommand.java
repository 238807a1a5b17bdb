package dev.agentsociety.comparison.cli;

import dev.agentsociety.devstack.DevStackException;
import dev.agentsociety.devstack.Repo;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.devstack.topology.StrimziTopics;
import dev.agentsociety.devstack.topology.Topology;
import dev.agentsociety.devstack.topology.TopologyApplier;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code ./topics apply|verify|strimzi}: holds a live cluster to {@code topology/topics.yaml}. {@code apply} creates
 * what is missing, adds partitions and sets configs (idempotent: a second run changes nothing); {@code verify}
 * changes nothing and reports every drift, exit code 1 when there is any. Where the cluster cannot hold the spec
 * (replication 3 on one broker) both fail with a clear message unless {@code --fit-to-cluster} lowers it.
 * {@code strimzi} needs no cluster: it prints (or writes to {@code --out}) the same topics as Strimzi KafkaTopic
 * resources, which is how {@code deploy/k8s/kafka/topics.yaml} is made.
 */
@Command(name = "topics", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Applies topology/topics.yaml to a Kafka cluster (apply) or reports how the cluster drifts from it (verify).",
                "strimzi: prints the same topics as Strimzi KafkaTopic resources (no cluster needed)."},
        exitCodeOnInvalidInput = 2)
public final class TopicsCommand implements Callable<Integer> {

    /** The Kafka cluster of deploy/k8s/kafka. */
    public static final String STRIMZI_CLUSTER = "agent-society";

    @Parameters(index = "0", paramLabel = "apply|verify|strimzi",
            description = "apply: create and align; verify: report drift; strimzi: the KafkaTopic resources")
    Action action;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "the cluster (default: $KAFKA_BOOTSTRAP_SERVERS)")
    String bootstrapServers;

    @Option(names = "--prefix", defaultValue = "", description = "prefix for every topic name (default: none)")
    String prefix;

    @Option(names = "--spec", paramLabel = "FILE", description = "the specification (default: topology/topics.yaml)")
    Path spec;

    @Option(names = "--command-config", paramLabel = "FILE",
            description = "client properties for the admin client, as Kafka's tools take them (SASL_SSL, credentials, truststore)")
    Path commandConfig;

    @Option(names = "--fit-to-cluster", description = "lower replication and min.insync.replicas to what the cluster has, and say so")
    boolean fitToCluster;

    @Option(names = "--cluster", defaultValue = STRIMZI_CLUSTER,
            description = "strimzi: the Kafka resource the topics belong to (default: ${DEFAULT-VALUE})")
    String cluster;

    @Option(names = "--namespace", paramLabel = "NS", description = "strimzi: the topics' namespace (default: none, kubectl's or kustomize's)")
    String namespace;

    @Option(names = "--out", paramLabel = "FILE", description = "strimzi: write the resources to FILE instead of printing them")
    Path outFile;

    @Spec
    CommandLine.Model.CommandSpec command;

    enum Action { apply, verify, strimzi }

    public static void main(String[] args) {
        System.exit(new CommandLine(new TopicsCommand()).execute(args));
    }

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        Path file = spec != null ? spec : Repo.root().resolve("topology/topics.yaml");
        if (action == Action.strimzi) {
            return strimzi(file, out, err);
        }
        String servers = bootstrapServers != null ? bootstrapServers : System.getenv(KafkaStack.BOOTSTRAP_ENV);
        if (servers == null || servers.isBlank()) {
            throw new CommandLine.ParameterException(command.commandLine(),
                    "no cluster: pass --bootstrap-servers or set " + KafkaStack.BOOTSTRAP_ENV);
        }
        Map<String, Object> config = new HashMap<>();
        if (commandConfig != null) {
            try (Reader in = Files.newBufferedReader(commandConfig)) {
                Properties properties = new Properties();
                properties.load(in);
                properties.forEach((key, value) -> config.put(key.toString(), value));
            } catch (IOException e) {
                err.println("topics: cannot read --command-config " + commandConfig + ": " + e.getMessage());
                return 2;
            }
        }
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        // an unreachable cluster is said in seconds, not after the default minute
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (Admin admin = Admin.create(config)) {
            TopologyApplier applier = new TopologyApplier(admin);
            Topology topology = Topology.load(file, prefix);
            if (fitToCluster) {
                List<String> notes = new ArrayList<>();
                topology = topology.fitTo(applier.brokers(), notes);
                notes.forEach(note -> out.println("fitted: " + note));
            }
            if (action == Action.apply) {
                TopologyApplier.Changes changes = applier.apply(topology);
                changes.created().forEach(topic -> out.println("created " + topic));
                changes.partitionsAdded().forEach(topic -> out.println("added partitions to " + topic));
                changes.configsSet().forEach(set -> out.println("set " + set));
                changes.aclsCreated().forEach(acl -> out.println("granted " + acl));
                changes.aclsDeleted().forEach(acl -> out.println("revoked " + acl));
                if (!changes.authorizer()) {
                    out.println("no ACLs applied: the cluster has no authorizer (every client may do everything)");
                }
                out.println(changes.none() ? "nothing to do: the cluster matches " + file
                        : "applied " + file + " (" + topology.topics().size() + " topics)");
            }
            List<TopologyApplier.Drift> drift = applier.verify(topology);
            drift.forEach(d -> out.println("drift: " + d));
            if (action == Action.verify || !drift.isEmpty()) {
                out.println(drift.isEmpty() ? "no drift: " + topology.topics().size() + " topics match " + file
                        : drift.size() + " drift(s) from " + file);
            }
            return drift.isEmpty() ? 0 : 1;
        } catch (DevStackException e) {
            err.println("topics: " + servers + ": " + e.getMessage());
            return 1;
        }
    }

    /** The KafkaTopic resources of {@code file}, printed or written to --out. */
    private int strimzi(Path file, PrintWriter out, PrintWriter err) {
        String header = "# Generated from topology/topics.yaml by `./topics strimzi --out deploy/k8s/kafka/topics.yaml`: do not edit.\n"
                + "# Every topic and dead-letter topic `./topics apply` creates, as Strimzi KafkaTopic resources of the Kafka\n"
                + "# cluster `" + cluster + "`; StrimziTopicsCommandTest fails when this file and the command differ.\n";
        try {
            String yaml = StrimziTopics.yaml(Topology.load(file, prefix), cluster, namespace, header);
            if (outFile == null) {
                out.print(yaml);
                out.flush();
            } else {
                Files.writeString(outFile, yaml);
                out.println("wrote " + outFile);
            }
            return 0;
        } catch (DevStackException | IOException e) {
            err.println("topics: " + e.getMessage());
            return 1;
        }
    }
}
