package dev.agentsociety.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentsociety.domain.events.CustomerSignedUp;
import dev.agentsociety.domain.events.Envelope;
import dev.agentsociety.domain.events.MalformedEventException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The interop policy: which records are taken, which refused and why — and that nothing else can happen. */
class EnvelopeTest {

    private static final CustomerSignedUp SIGNUP = CustomerSignedUp.of("c-1", "a@example.com", "basic");
    private static final String DATA = new String(EventJson.toBytes(SIGNUP), StandardCharsets.UTF_8);

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static CustomerSignedUp read(String value, Map<String, String> headers) {
        return Envelope.open(value == null ? null : bytes(value), headers).read(CustomerSignedUp.class, 1);
    }

    @Test
    void takesStructuredBinaryAndPlainJson() {
        String structured = "{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"s\",\"type\":\"agentsociety.CustomerSignedUp.v1\",\"data\":" + DATA + "}";
        assertThat(read(structured, Map.of())).isEqualTo(SIGNUP);
        // daprd leaves some data as a JSON string; a CloudEvent may carry its data as Base64
        String asString = "{\"specversion\":\"1.0\",\"id\":\"x\",\"type\":\"agentsociety.CustomerSignedUp.v1\",\"data\":"
                + EventJson.mapper().valueToTree(DATA).toString() + "}";
        assertThat(read(asString, Map.of())).isEqualTo(SIGNUP);
        String base64 = "{\"specversion\":\"1.0\",\"id\":\"x\",\"type\":\"agentsociety.CustomerSignedUp.v1\",\"data_base64\":\""
                + Base64.getEncoder().encodeToString(bytes(DATA)) + "\"}";
        assertThat(read(base64, Map.of())).isEqualTo(SIGNUP);

        Envelope binary = Envelope.open(bytes(DATA), Map.of("ce_specversion", "1.0", "ce_id", "b-1",
                "ce_type", "agentsociety.CustomerSignedUp.v1", "ce_source", "spring-cloud-stream"));
        assertThat(binary.format()).isEqualTo(Envelope.Format.BINARY_CLOUDEVENT);
        assertThat(binary.id()).isEqualTo("b-1");
        assertThat(binary.read(CustomerSignedUp.class, 1)).isEqualTo(SIGNUP);

        Envelope plain = Envelope.open(bytes(DATA), Map.of());
        assertThat(plain.format()).isEqualTo(Envelope.Format.PLAIN_JSON);
        assertThat(plain.describe()).isEqualTo(SIGNUP.eventId());
        assertThat(plain.read(CustomerSignedUp.class, 1)).isEqualTo(SIGNUP);
        assertThatThrownBy(() -> read(DATA, Map.of(Envelope.TYPE_HEADER, "agentsociety.WelcomeEmailSent.v1")))
                .hasMessage("expected CustomerSignedUp, got agentsociety.WelcomeEmailSent.v1");
    }

    @Test
    void refusesWhatCarriesNoEventWithItsReason() {
        assertThatThrownBy(() -> read(null, Map.of())).hasMessage("no value (a tombstone or an empty record)");
        assertThatThrownBy(() -> read("", Map.of())).hasMessage("no value (a tombstone or an empty record)");
        assertThatThrownBy(() -> Envelope.open(new byte[] {(byte) 0xC3, (byte) 0x28}, Map.of()))
                .hasMessage("the record value is not UTF-8 text (2 bytes)");
        assertThatThrownBy(() -> read("{not json", Map.of())).hasMessageStartingWith("the record value is not JSON");
        assertThatThrownBy(() -> read("{\"a\":1} trailing", Map.of())).hasMessageStartingWith("the record value is not JSON");
        assertThatThrownBy(() -> read("[1,2]", Map.of())).hasMessage("the record value is JSON array, not an object");
        assertThatThrownBy(() -> read("null", Map.of())).hasMessage("the record value is JSON null, not an object");
        assertThatThrownBy(() -> read("  ", Map.of())).hasMessage("the record value is JSON nothing, not an object");
        assertThatThrownBy(() -> read("{\"specversion\":\"0.3\",\"id\":\"x\"}", Map.of()))
                .hasMessage("CloudEvents specversion 0.3 is not supported (1.0 is)");
        assertThatThrownBy(() -> read("{\"specversion\":\"1.0\",\"id\":\"x\",\"type\":\"agentsociety.CustomerSignedUp.v1\"}", Map.of()))
                .hasMessage("no data in agentsociety.CustomerSignedUp.v1");
        assertThatThrownBy(() -> read("{\"specversion\":\"1.0\",\"id\":\"x\",\"type\":\"agentsociety.CustomerSignedUp.v1\",\"data_base64\":\"***\"}", Map.of()))
                .hasMessageStartingWith("data_base64 is not Base64");
        assertThatThrownBy(() -> read("{\"specversion\":\"1.0\",\"id\":\"x\",\"type\":\"agentsociety.CustomerSignedUp.v1\",\"data\":7}", Map.of()))
                .hasMessage("data is JSON number, not an object");
        assertThatThrownBy(() -> Envelope.open(bytes("[]"), Map.of("ce_specversion", "1.0")))
                .hasMessage("the data of a binary-mode CloudEvent is JSON array, not an object");
        assertThatThrownBy(() -> read(DATA.replace("\"occurredAt\":\"", "\"occurredAt\":\"not a time "), Map.of()))
                .hasMessageStartingWith("cannot read CustomerSignedUp");
    }

    /** Whatever a record holds, the policy answers with an event or a reason — no other exception, ever. */
    @Property(tries = 2000)
    void anyRecordIsTakenOrRefusedWithAReason(@ForAll("values") byte[] value, @ForAll("headers") Map<String, String> headers) {
        try {
            CustomerSignedUp signup = Envelope.open(value, headers).read(CustomerSignedUp.class, CustomerSignedUp.SCHEMA_VERSION);
            assertThat(signup.customerId()).isNotNull();
        } catch (MalformedEventException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<byte[]> values() {
        Arbitrary<String> json = Arbitraries.oneOf(
                Arbitraries.just(DATA),
                Arbitraries.strings().ofMaxLength(40).map(s -> DATA.replace("c-1", s)),
                Arbitraries.strings().ofMaxLength(60),
                Arbitraries.strings().withChars("{}[]\":,0123456789.-tfnrueals ").ofMaxLength(60),
                Arbitraries.of("null", "true", "1e999", "\"x\"", "[]", "{}", "{\"specversion\":\"1.0\"}",
                        "{\"specversion\":1}", "{\"specversion\":null,\"data\":[]}"),
                Arbitraries.strings().ofMaxLength(40).map(s -> "{\"specversion\":\"1.0\",\"type\":\"agentsociety.CustomerSignedUp.v"
                        + s + "\",\"data\":" + DATA + "}"),
                Arbitraries.strings().ofMaxLength(40).map(s -> "{\"specversion\":\"1.0\",\"data_base64\":\"" + s + "\"}"),
                Arbitraries.integers().between(0, 5).map(v -> DATA.replace("\"schemaVersion\":1", "\"schemaVersion\":" + v)),
                Arbitraries.of("customerId", "email", "occurredAt", "schemaVersion", "eventId")
                        .map(field -> DATA.replaceFirst("\"" + field + "\":(\"[^\"]*\"|[0-9]+)", "\"" + field + "\":[{}]")));
        return Arbitraries.oneOf(json.map(EnvelopeTest::bytes), Arbitraries.bytes().array(byte[].class).ofMaxSize(80))
                .injectNull(0.05);
    }

    @Provide
    Arbitrary<Map<String, String>> headers() {
        return Arbitraries.maps(Arbitraries.of("ce_specversion", "ce_id", "ce_type", "ce_source", Envelope.TYPE_HEADER, "other"),
                Arbitraries.oneOf(Arbitraries.of("1.0", "0.3", "agentsociety.CustomerSignedUp.v1", "agentsociety.Nope.v1"),
                        Arbitraries.strings().ofMaxLength(20))).ofMaxSize(4);
    }
}
