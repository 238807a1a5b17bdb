package dev.agentsociety.devstack.kafka;

import dev.agentsociety.devstack.DevStackException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * What a secured cluster and its clients share: a certificate for the brokers (made at start with the JDK's
 * {@code keytool}, valid for 127.0.0.1 and a few days, self-signed: it is its own CA), the truststore holding it, and
 * SCRAM-SHA-512 credentials — {@value #BROKER} for inter-broker traffic, {@value #ADMIN} for the harness, and one per
 * agent ({@link #createUser}). Passwords are random per cluster and never logged.
 *
 * <p>The listeners: clients and brokers speak SASL_SSL with SCRAM-SHA-512; the KRaft controller listener is TLS with
 * client certificates (Kafka does not take SCRAM there: controllers need a credential before the metadata log that
 * holds SCRAM credentials is read), the principal being the certificate's CN, {@value #BROKER}.
 */
public final class KafkaSecurity {

    public static final String BROKER = "broker";
    public static final String ADMIN = "admin";
    public static final String MECHANISM = "SCRAM-SHA-512";
    public static final String LISTENER = "SECURE";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final String storePassword;
    private final Map<String, String> passwords = new LinkedHashMap<>();

    private KafkaSecurity(Path dir, String storePassword) {
        this.dir = dir;
        this.storePassword = storePassword;
    }

    /** A new certificate, truststore and broker and admin credentials under {@code dir}. */
    public static KafkaSecurity create(Path dir) {
        KafkaSecurity security = new KafkaSecurity(dir.toAbsolutePath(), randomSecret());
        security.passwords.put(BROKER, randomSecret());
        security.passwords.put(ADMIN, randomSecret());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DevStackException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        security.keytool("-genkeypair", "-alias", BROKER, "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + BROKER,
                "-ext", "SAN=IP:127.0.0.1,DNS:localhost", "-ext", "BC:c=ca:true", "-validity", "3",
                "-keystore", security.keystore().toString(), "-storetype", "PKCS12",
                "-storepass", security.storePassword, "-keypass", security.storePassword);
        security.keytool("-exportcert", "-rfc", "-alias", BROKER, "-keystore", security.keystore().toString(),
                "-storepass", security.storePassword, "-file", security.caPemFile().toString());
        security.keytool("-importcert", "-noprompt", "-alias", "ca", "-file", security.caPemFile().toString(),
                "-keystore", security.truststore().toString(), "-storetype", "PKCS12", "-storepass", security.storePassword);
        return security;
    }

    public static String randomSecret() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    Path keystore() {
        return dir.resolve("broker.p12");
    }

    public Path truststore() {
        return dir.resolve("truststore.p12");
    }

    public String truststorePassword() {
        return storePassword;
    }

    Path caPemFile() {
        return dir.resolve("ca.pem");
    }

    /** The brokers' certificate in PEM, for a client that takes a CA as text (Dapr's {@code caCert}). */
    public String caPem() {
        try {
            return Files.readString(caPemFile());
        } catch (IOException e) {
            throw new DevStackException("cannot read " + caPemFile() + ": " + e.getMessage(), e);
        }
    }

    /** The lines of a node's server.properties that secure it (its listeners are named by the caller). */
    List<String> brokerProperties() {
        return List.of(
                "ssl.keystore.type=PKCS12",
                "ssl.keystore.location=" + keystore(),
                "ssl.keystore.password=" + storePassword,
                "ssl.key.password=" + storePassword,
                "ssl.truststore.type=PKCS12",
                "ssl.truststore.location=" + truststore(),
                "ssl.truststore.password=" + storePassword,
                "listener.name.controller.ssl.client.auth=required",
                "ssl.principal.mapping.rules=RULE:^CN=([^,]+)$/$1/,DEFAULT",
                "sasl.enabled.mechanisms=" + MECHANISM,
                "sasl.mechanism.inter.broker.protocol=" + MECHANISM,
                "listener.name." + LISTENER.toLowerCase() + ".scram-sha-512.sasl.jaas.config=" + jaas(BROKER, passwords.get(BROKER)),
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "allow.everyone.if.no.acl.found=false",
                "super.users=User:" + BROKER + ";User:" + ADMIN);
    }

    /** The arguments of {@code kafka-storage format} that write the broker's and admin's credentials in the log. */
    List<String> formatArguments() {
        List<String> args = new ArrayList<>();
        passwords.forEach((user, password) -> {
            args.add("--add-scram");
            args.add(MECHANISM + "=[name=" + user + ",password=" + password + "]");
        });
        return args;
    }

    /** A client's settings for user {@code user} with {@code password}: SASL_SSL, SCRAM-SHA-512, this truststore. */
    public Map<String, Object> clientConfig(String user, String password) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        config.put(SaslConfigs.SASL_MECHANISM, MECHANISM);
        config.put(SaslConfigs.SASL_JAAS_CONFIG, jaas(user, password));
        config.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        config.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, truststore().toString());
        config.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, storePassword);
        return config;
    }

    public Map<String, Object> adminConfig() {
        return clientConfig(ADMIN, passwords.get(ADMIN));
    }

    /** The password of a user made by {@link #createUser} (or of the broker's and admin's). */
    public String password(String user) {
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no user " + user + " on this cluster: create it first");
        }
        return password;
    }

    /** Creates (or resets) SCRAM-SHA-512 credentials for {@code user} through {@code admin}; returns its password. */
    public synchronized String createUser(Admin admin, String user) {
        String password = randomSecret();
        try {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new DevStackException("cannot create the SCRAM user " + user + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevStackException("interrupted creating the SCRAM user " + user, e);
        }
        passwords.put(user, password);
        return password;
    }

    /** A client properties file for {@code user} (what {@code KAFKA_CLIENT_PROPERTIES} names for a direct agent). */
    public Path clientPropertiesFile(String user) {
        Path file = dir.resolve("client-" + user + ".properties");
        StringBuilder text = new StringBuilder();
        clientConfig(user, password(user)).forEach((key, value) -> text.append(key).append('=')
                .append(value.toString().replace("\\", "\\\\")).append('\n'));
        try {
            Files.writeString(file, text);
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
        } catch (IOException e) {
            throw new DevStackException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    private void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new DevStackException("keytool " + args[0] + " failed: " + output.replace(storePassword, "***"));
            }
        } catch (IOException e) {
            throw new DevStackException("cannot run keytool from " + System.getProperty("java.home") + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevStackException("interrupted running keytool", e);
        }
    }
}
