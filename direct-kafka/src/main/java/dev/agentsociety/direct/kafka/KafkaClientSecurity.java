package dev.agentsociety.direct.kafka;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * How a direct agent proves who it is: the client properties file named by {@value #ENV} (as Kafka's own tools take
 * {@code --command-config}: {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config} with the
 * agent's own credentials, the truststore), added to every producer, consumer and admin client it makes. Unset, the
 * agent connects in plaintext without credentials. The file is read once; its values are never logged.
 */
public final class KafkaClientSecurity {

    public static final String ENV = "KAFKA_CLIENT_PROPERTIES";

    private static volatile Properties loaded;

    private KafkaClientSecurity() {
    }

    /** Adds the settings of {@value #ENV}'s file, if any, to {@code config} (they win over what is there). */
    public static void addTo(Map<Object, Object> config) {
        config.putAll(settings());
    }

    private static Properties settings() {
        Properties settings = loaded;
        if (settings == null) {
            settings = read(System.getenv(ENV));
            loaded = settings;
        }
        return settings;
    }

    /**
     * The fix for a failure of authentication or authorisation, as a line starting {@code " -> "}; empty for any other
     * failure. The agent's DOWN reason ends with it, so a wrong password or a missing ACL says what to change.
     */
    public static String hint(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof org.apache.kafka.common.errors.SaslAuthenticationException) {
                return " -> the brokers refused this agent's credentials: sasl.jaas.config in " + ENV
                        + " must name a SCRAM-SHA-512 user of the cluster and its password";
            }
            if (cause instanceof org.apache.kafka.common.errors.UnsupportedSaslMechanismException) {
                return " -> the brokers take SCRAM-SHA-512: set sasl.mechanism=SCRAM-SHA-512 in " + ENV;
            }
            if (cause instanceof org.apache.kafka.common.errors.SslAuthenticationException) {
                return " -> the TLS handshake failed: ssl.truststore.location in " + ENV
                        + " must hold the CA that signed the brokers' certificate, and the certificate must be valid today";
            }
            if (cause instanceof org.apache.kafka.common.errors.AuthorizationException) {
                return " -> the cluster's ACLs do not grant this agent what it did: ./topics apply grants what "
                        + "topology/topics.yaml says the agent produces and consumes";
            }
        }
        return "";
    }

    static Properties read(String file) {
        Properties settings = new Properties();
        if (file == null || file.isBlank()) {
            return settings;
        }
        Path path = Path.of(file.trim());
        try (Reader in = Files.newBufferedReader(path)) {
            settings.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(ENV + " names " + path + ", which cannot be read (" + e.getMessage()
                    + "): point it at the agent's client properties file, or unset it for a plaintext cluster", e);
        }
        return settings;
    }
}
