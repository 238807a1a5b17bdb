package dev.agentsociety.direct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.events.CustomerSignedUp;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventDeserializationException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class KafkaEventCodecTest {

    private final CustomerSignedUp signup =
            new CustomerSignedUp("e-1", "c-1", "ada@example.com", "premium", Instant.parse("2026-11-27T10:00:00Z"), 1);

    @Test
    void writesAStructuredCloudEventWithTheEventInlineAsJson() throws Exception {
        JsonNode json = EventJson.mapper().readTree(new KafkaEventCodec("signup-agent").encode(signup));

        assertThat(json.get("specversion").asText()).isEqualTo("1.0");
        assertThat(json.get("id").asText()).isEqualTo("e-1");
        assertThat(json.get("type").asText()).isEqualTo("agentsociety.CustomerSignedUp.v1");
        assertThat(json.get("source").asText()).isEqualTo("signup-agent");
        assertThat(json.get("datacontenttype").asText()).isEqualTo("application/json");
        // inline JSON, not base64 (`data_base64`): daprd hands `data` to subscribers as it is
        assertThat(json.get("data").get("customerId").asText()).isEqualTo("c-1");
        assertThat(json.has("data_base64")).isFalse();
    }

    @Test
    void readsBackTheSameTypedEvent() {
        CloudEvent event = KafkaEventCodec.decode(new KafkaEventCodec("signup-agent").encode(signup));

        assertThat(event.getId()).isEqualTo("e-1");
        assertThat(KafkaEventCodec.data(event, CustomerSignedUp.class)).isEqualTo(signup);
    }

    @Test
    void readsWhatDaprWrites() {
        // the record value daprd 1.16.5 wrote to Kafka for DaprClient.publishEvent, captured from a run; daprd set
        // no content-type header (only headers named after the publish metadata), so the value is read as JSON
        String dapr = """
                {"data":{"customerId":"c-9","email":"x@example.com","eventId":"e-9","occurredAt":"2026-11-27T10:00:00Z",\
                "plan":"basic","schemaVersion":1},"datacontenttype":"application/json","id":"e-9","pubsubname":"pubsub",\
                "source":"signup-agent","specversion":"1.0","time":"2026-11-27T11:41:40Z","topic":"customer-signups",\
                "traceid":"","traceparent":"","tracestate":"","type":"agentsociety.CustomerSignedUp.v1"}""";

        CloudEvent event = KafkaEventCodec.decode(dapr.getBytes(StandardCharsets.UTF_8));

        assertThat(event.getExtension("topic")).isEqualTo("customer-signups");
        assertThat(KafkaEventCodec.data(event, CustomerSignedUp.class).customerId()).isEqualTo("c-9");
    }

    @Test
    void bytesThatAreNoCloudEventAreRefused() {
        assertThatThrownBy(() -> KafkaEventCodec.decode("{\"hello\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventDeserializationException.class).hasMessageContaining("specversion");
    }
}
