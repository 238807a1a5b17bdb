package dev.agentsociety.comparison.scenario.scale;

import dev.agentsociety.comparison.society.HostedDaprAgent;
import dev.agentsociety.comparison.society.HostedDirectAgent;
import dev.agentsociety.comparison.society.Implementation;
import dev.agentsociety.devstack.Ports;
import dev.agentsociety.devstack.Repo;
import dev.agentsociety.devstack.kafka.KafkaStack;
import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.scale.CustomerAgents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/**
 * The scale scenario's hosts in either implementation: {@code instances} processes of customer-agents (direct: the
 * consumer group's instances, told each other's addresses for the synchronous style; Dapr: apps of one app-id, each
 * with its sidecar), started at once. Both variants' hosts have the same door, so what they did is asked one way.
 */
final class CustomerHosts implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** How the run is set up: the population, how the agents tell their peers, and which one is slow. */
    record Setup(int population, String style, String slowCustomer, long slownessMs, int instances) {
    }

    private final List<AutoCloseable> hosts;
    private final List<Integer> ports;

    private CustomerHosts(List<AutoCloseable> hosts, List<Integer> ports) {
        this.hosts = hosts;
        this.ports = ports;
    }

    static CustomerHosts start(Implementation implementation, KafkaStack kafka, Topics topics, Path logs, Setup setup) {
        List<CompletableFuture<AutoCloseable>> starting = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        if (implementation == Implementation.DIRECT_KAFKA) {
            ports.addAll(IntStream.range(0, setup.instances()).mapToObj(i -> Ports.free()).toList());
            String peerUrls = String.join(",", ports.stream().map(port -> "http://127.0.0.1:" + port).toList());
            for (int i = 0; i < setup.instances(); i++) {
                Map<String, String> env = new HashMap<>(Map.of("AGENT_INSTANCE", CustomerAgents.NAME + "-" + i,
                        "SERVER_PORT", Integer.toString(ports.get(i)), "PEER_URLS", peerUrls,
                        "AGENT_SCALE_POPULATION", Integer.toString(setup.population()), "AGENT_SCALE_STYLE", setup.style(),
                        "AGENT_SCALE_SLOWCUSTOMER", setup.slowCustomer(), "AGENT_SCALE_SLOWNESS", Long.toString(setup.slownessMs())));
                starting.add(CompletableFuture.supplyAsync(() -> HostedDirectAgent.start(CustomerAgents.NAME, kafka, topics.prefix(), logs, env)));
            }
        } else {
            Map<String, String> env = Map.of(KafkaStack.BOOTSTRAP_ENV, kafka.bootstrapServers());
            for (int i = 0; i < setup.instances(); i++) {
                starting.add(CompletableFuture.supplyAsync(() -> HostedDaprAgent.start(CustomerAgents.NAME, topics.prefix(),
                        Repo.components("kafka"), env, logs, "--agent.scale.population=" + setup.population(),
                        "--agent.scale.style=" + setup.style(), "--agent.scale.slow-customer=" + setup.slowCustomer(),
                        "--agent.scale.slowness=" + setup.slownessMs() + "ms")));
            }
        }
        List<AutoCloseable> hosts = new ArrayList<>();
        RuntimeException failed = null;
        for (CompletableFuture<AutoCloseable> host : starting) {
            try {
                hosts.add(host.join());
            } catch (RuntimeException e) {
                failed = failed == null ? e : failed;
            }
        }
        CustomerHosts started = new CustomerHosts(hosts, ports);
        if (failed != null) {
            started.close();
            throw failed;
        }
        if (implementation == Implementation.DAPR) {
            hosts.forEach(host -> ports.add(((HostedDaprAgent) host).appPort()));
        }
        return started;
    }

    /** How many notes the hosts have taken, duplicates included. */
    long taken() {
        return ports.stream().mapToLong(port -> Long.parseLong(new String(get(port, "/customers/taken")).trim())).sum();
    }

    /** What each host's agents have taken. */
    List<CustomerAgents.Effects> effects() {
        return ports.stream().map(port -> {
            try {
                return EventJson.mapper().readValue(get(port, "/customers/effects"), CustomerAgents.Effects.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    private static byte[] get(int port, String path) {
        try {
            HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("customer-agents on " + port + " answered " + response.statusCode() + " to " + path);
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        hosts.parallelStream().forEach(host -> {
            try {
                host.close();
            } catch (Exception e) {
                System.err.println("closing " + host + ": " + e.getMessage());
            }
        });
    }
}
