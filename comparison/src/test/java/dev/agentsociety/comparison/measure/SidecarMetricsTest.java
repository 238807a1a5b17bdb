package dev.agentsociety.comparison.measure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SidecarMetricsTest {

    /** Lines as daprd 1.16.5 writes them on its metrics port (taken from a fan-out run), labels shortened. */
    private static String scrape(int bulkCalls, double appMs, int publishes, double publishMs) {
        return """
                # HELP dapr_component_pubsub_ingress_bulk_count The number of incoming bulk subscribe calls
                # TYPE dapr_component_pubsub_ingress_bulk_count counter
                dapr_component_pubsub_ingress_bulk_count{app_id="welcome-agent",component="pubsubName",process_status="",topic="t.customer-signups"} %d
                dapr_component_pubsub_ingress_bulk_event_count{app_id="welcome-agent",process_status="SUCCESS",topic="t.customer-signups"} %d
                dapr_component_pubsub_ingress_bulk_latencies_bucket{app_id="welcome-agent",le="5"} 3
                dapr_component_pubsub_ingress_bulk_latencies_sum{app_id="welcome-agent",topic="t.customer-signups"} %s
                dapr_component_pubsub_ingress_bulk_latencies_count{app_id="welcome-agent",topic="t.customer-signups"} %d
                dapr_component_pubsub_egress_bulk_count{app_id="welcome-agent",success="true",topic="t.welcome-emails"} %d
                dapr_component_pubsub_egress_bulk_latencies_sum{app_id="welcome-agent",success="true",topic="t.welcome-emails"} %s
                dapr_http_server_request_count{app_id="welcome-agent",method="GET",path="/v1.0/healthz",status="204"} 1
                """.formatted(bulkCalls, bulkCalls, appMs, bulkCalls, publishes, publishMs);
    }

    @Test
    void sumsEachMetricOverItsLabelsAndLeavesBucketsOut() {
        var values = SidecarMetrics.parse(scrape(46, 12428.999999999998, 47, 1965.000000000001)
                + "dapr_component_pubsub_ingress_bulk_count{topic=\"other\"} 4\n");

        assertThat(values.get("dapr_component_pubsub_ingress_bulk_count")).isEqualTo(50.0);
        assertThat(values.get("dapr_component_pubsub_ingress_bulk_latencies_sum")).isEqualTo(12428.999999999998);
        assertThat(values).doesNotContainKey("dapr_component_pubsub_ingress_bulk_latencies_bucket");
    }

    @Test
    void thePhaseIsTheDifferenceOfTwoScrapes() {
        SidecarMetrics.Sample start = new SidecarMetrics.Sample(SidecarMetrics.parse(scrape(46, 12429, 47, 1965)), 0);
        // 10 s later: 100 more deliveries of 2,000 events, 4,000 ms more at the app, 100 more publishes taking 500 ms
        SidecarMetrics.Sample end = new SidecarMetrics.Sample(SidecarMetrics.parse(scrape(146, 16429, 147, 2465)), 10_000_000_000L);

        SidecarMetrics.Phase phase = end.since(start, 2_000);

        assertThat(phase.deliveries()).isEqualTo(100L);
        assertThat(phase.eventsPerDelivery()).isEqualTo(20.0);
        assertThat(phase.appMsPerDelivery()).isEqualTo(40.0);
        assertThat(phase.publishCalls()).isEqualTo(100L);
        assertThat(phase.publishMsPerCall()).isEqualTo(5.0);
        assertThat(phase.appBusyShare()).isEqualTo(0.4);
    }

    @Test
    void aSidecarThatDidNotAnswerAtOneEndGivesNoFigures() {
        SidecarMetrics.Sample start = new SidecarMetrics.Sample(SidecarMetrics.parse(scrape(46, 12429, 47, 1965)), 0);
        SidecarMetrics.Sample gone = SidecarMetrics.read(java.net.URI.create("http://127.0.0.1:1/metrics"));

        assertThat(gone.since(start, 2_000).unreachable()).isTrue();
        assertThat(gone.since(start, 2_000).deliveries()).as("no negative difference made up").isNull();
    }
}
