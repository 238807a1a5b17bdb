package dev.agentsociety.comparison.measure;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a Dapr agent's time goes, as its sidecar counts it: daprd's own Prometheus metrics (the component's
 * deliveries to the app and publishes to the broker), read before and after a measured phase. Each figure is a
 * difference of daprd's counters and latency sums over the phase — means, not percentiles, and no guess. daprd counts
 * a delivery when the app has answered it, with its whole time, so the one in flight at each end of the phase moves
 * across the boundary whole: in a phase a few deliveries long, the busy share can read above 1.
 */
public final class SidecarMetrics {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * One sidecar over a phase ({@link Sample#since}); a sidecar that did not answer at one end is {@code unreachable}
     * and has no other figure.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Phase(Boolean unreachable, Long deliveries, Double eventsPerDelivery, Double appMsPerDelivery,
            Long publishCalls, Double publishMsPerCall, Double appBusyShare) {
    }

    /** The counters of one daprd at one moment: each metric summed over its label sets. */
    public record Sample(Map<String, Double> values, long atNanos) {

        double get(String name) {
            return values.getOrDefault(name, 0.0);
        }

        /**
         * Over the phase from {@code start} to this sample: deliveries to the app (bulk or one by one), events per
         * delivery (of the {@code events} the scenario knows the agent took: daprd's
         * {@code pubsub_ingress_bulk_event_count} counts calls, not events, in 1.16.5), the app's mean time per delivery as daprd waited for it, the mean time of a publish (bulk or
         * single) to the broker, and {@code appBusyShare} — how much of the phase daprd had a delivery outstanding
         * at the app (near 1 for one delivery at a time: the deliveries are the bottleneck).
         */
        public Phase since(Sample start, long events) {
            if (values.isEmpty() || start.values.isEmpty()) {
                // a sidecar that did not answer at one end (gone, or not up): no difference to take, and no made-up one
                return new Phase(true, null, null, null, null, null, null);
            }
            double phaseMs = (atNanos - start.atNanos) / 1e6;
            double bulk = delta(start, "dapr_component_pubsub_ingress_bulk_count");
            double single = delta(start, "dapr_component_pubsub_ingress_count");
            double appMs = delta(start, "dapr_component_pubsub_ingress_bulk_latencies_sum")
                    + delta(start, "dapr_component_pubsub_ingress_latencies_sum");
            double published = delta(start, "dapr_component_pubsub_egress_bulk_count")
                    + delta(start, "dapr_component_pubsub_egress_count");
            double publishMs = delta(start, "dapr_component_pubsub_egress_bulk_latencies_sum")
                    + delta(start, "dapr_component_pubsub_egress_latencies_sum");
            double deliveries = bulk + single;
            return new Phase(null, Math.round(deliveries), round(deliveries == 0 ? 0 : events / deliveries),
                    round(deliveries == 0 ? 0 : appMs / deliveries), Math.round(published),
                    round(published == 0 ? 0 : publishMs / published), round(phaseMs <= 0 ? 0 : appMs / phaseMs));
        }

        private double delta(Sample start, String name) {
            return get(name) - start.get(name);
        }
    }

    private SidecarMetrics() {
    }

    /** Reads daprd's metrics endpoint; an unreachable one reads as no counts (the sidecar is gone: nothing to say). */
    public static Sample read(URI metrics) {
        long at = System.nanoTime();
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Sample(parse(response.body()), at);
        } catch (IOException e) {
            return new Sample(Map.of(), at);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Sample(Map.of(), at);
        }
    }

    /**
     * The Prometheus text format, each metric's samples summed over their labels: {@code name{labels} value} lines,
     * {@code #} lines skipped. Histogram buckets ({@code _bucket}) are left out: only their sum and count add up.
     */
    static Map<String, Double> parse(String text) {
        Map<String, Double> values = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int labels = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name = line.substring(0, labels >= 0 ? labels : line.indexOf(' ')).trim();
            if (name.endsWith("_bucket") || space < 0) {
                continue;
            }
            try {
                values.merge(name, Double.parseDouble(line.substring(space + 1).trim()), Double::sum);
            } catch (NumberFormatException e) {
                // a timestamp after the value, or NaN: not one of the counters read here
            }
        }
        return values;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
