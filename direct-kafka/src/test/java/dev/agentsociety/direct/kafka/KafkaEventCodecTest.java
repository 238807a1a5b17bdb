package dev.agentsociety.direct.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.events.CustomerSignedUp;
import dev.agentsociety.domain.events.Envelope;
import dev.agentsociety.domain.events.MalformedEventException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
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
        Envelope event = open(new KafkaEventCodec("signup-agent").encode(signup), new RecordHeaders());

        assertThat(event.id()).isEqualTo("e-1");
        assertThat(event.source()).isEqualTo("signup-agent");
        assertThat(event.read(CustomerSignedUp.class, 1)).isEqualTo(signup);
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

        Envelope event = open(dapr.getBytes(StandardCharsets.UTF_8), new RecordHeaders());

        assertThat(event.format()).isEqualTo(Envelope.Format.STRUCTURED_CLOUDEVENT);
        assertThat(event.read(CustomerSignedUp.class, 1).customerId()).isEqualTo("c-9");
    }

    @Test
    void readsABinaryModeCloudEventFromItsHeaders() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_id", "b-1".getBytes(StandardCharsets.UTF_8));
        headers.add("CE_TYPE", "agentsociety.CustomerSignedUp.v1".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_source", new byte[] {(byte) 0xff});

        Envelope event = open(EventJson.toBytes(signup), headers);

        assertThat(event.format()).isEqualTo(Envelope.Format.BINARY_CLOUDEVENT);
        assertThat(event.id()).isEqualTo("b-1");
        assertThat(event.read(CustomerSignedUp.class, 1)).isEqualTo(signup);
    }

    @Test
    void aTombstoneIsRefusedWithItsReason() {
        assertThatThrownBy(() -> open(null, new RecordHeaders()))
                .isInstanceOf(MalformedEventException.class).hasMessage("no value (a tombstone or an empty record)");
    }

    private static Envelope open(byte[] value, RecordHeaders headers) {
        return KafkaEventCodec.open(new ConsumerRecord<>("customer-signups", 0, 0L, 0L, TimestampType.CREATE_TIME, 0,
                value == null ? 0 : value.length, "k", value, headers, Optional.empty()));
    }
}
