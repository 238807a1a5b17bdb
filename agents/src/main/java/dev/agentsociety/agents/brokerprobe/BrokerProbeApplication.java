package dev.agentsociety.agents.brokerprobe;

import dev.agentsociety.agents.dapr.DaprTransport;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * broker-probe (Dapr): what the broker matrix measures each broker with — an agent that takes probes one at a time
 * and in bulk, dead-letters anything else with a reason as every agent does ({@code IncomingEvents}), reads its own
 * dead letters back, and appends each delivery to a trace file ({@code probe.trace-file}) that outlives a SIGKILL.
 * Not part of the society: {@code ./compare --scenarios broker-matrix} starts it under several app-ids.
 */
@SpringBootApplication
@Import(DaprTransport.class)
public class BrokerProbeApplication {

    public static final String NAME = "broker-probe";

    @Bean(destroyMethod = "close")
    DeliveryTrace deliveryTrace(@Value("${probe.trace-file}") Path file) {
        return new DeliveryTrace(file);
    }

    public static void main(String[] args) {
        SpringApplication.run(BrokerProbeApplication.class, args);
    }
}
