package dev.agentsociety.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The versions pinned in the parent POM, as the build wrote them into this module. */
public final class StackVersions {

    private static final Properties VERSIONS = load();

    private StackVersions() {
    }

    public static String kafka() {
        return VERSIONS.getProperty("kafka.version");
    }

    /** The Dapr Java SDK (dapr-sdk, dapr-sdk-springboot); the runtime's version is the daprd binary's own. */
    public static String daprSdk() {
        return VERSIONS.getProperty("dapr.sdk.version");
    }

    private static Properties load() {
        try (InputStream in = StackVersions.class.getResourceAsStream("/dev-stack/versions.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties;
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("dev-stack/versions.properties is missing: rebuild with ./mvnw", e));
        }
    }
}
