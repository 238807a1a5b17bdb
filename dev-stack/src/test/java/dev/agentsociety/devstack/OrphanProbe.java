package dev.agentsociety.devstack;

import dev.agentsociety.devstack.dapr.DaprSidecar;
import dev.agentsociety.devstack.kafka.EmbeddedKafkaCluster;
import java.nio.file.Path;
import java.util.Map;

/** A stand-in for a test JVM that gets killed: starts a broker and a daprd, prints their pids, then waits. */
public final class OrphanProbe {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.withBrokers(1, dir.resolve("kafka")).start();
        DaprSidecar sidecar = new DaprSidecar("orphan-probe", null, Repo.components("kafka"),
                Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()), dir).start();
        System.out.println("broker=" + kafka.broker(1).pid() + " daprd=" + sidecar.process().pid());
        System.out.flush();
        Thread.currentThread().join(); // until killed
    }
}
