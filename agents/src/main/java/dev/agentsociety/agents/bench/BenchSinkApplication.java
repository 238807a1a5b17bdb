package dev.agentsociety.agents.bench;

import dev.agentsociety.agents.dapr.DaprTransport;
import dev.agentsociety.domain.bench.ProbeSink;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * bench-sink (Dapr): the benchmark's handler behind a sidecar, subscribed to {@code bench.topic} one message at a
 * time and to {@code bench.bulk-topic} in bulk. Not part of the society: {@code ./benchmark} starts it.
 */
@SpringBootApplication
@Import(DaprTransport.class)
public class BenchSinkApplication {

    @Bean
    ProbeSink probeSink() {
        return new ProbeSink();
    }

    public static void main(String[] args) {
        SpringApplication.run(BenchSinkApplication.class, args);
    }
}
