package dev.agentsociety.comparison.scenario.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentsociety.comparison.measure.ScenarioResult;
import dev.agentsociety.comparison.scenario.Progress;
import dev.agentsociety.comparison.scenario.Scenario;
import dev.agentsociety.comparison.scenario.security.SecurityDetails.Check;
import dev.agentsociety.comparison.scenario.security.SecurityDetails.Cost;
import dev.agentsociety.comparison.society.CapabilityGap;
import dev.agentsociety.comparison.society.Gaps;
import dev.agentsociety.comparison.society.Implementation;
import dev.agentsociety.comparison.society.SuiteKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link SecurityScenario} in both variants, on a secured cluster of its own: every forbidden attempt refused, each by
 * the layer that should and with what that layer says; the allowed path (signup-agent to welcome-agent to
 * welcome-emails, each with its own credentials) delivering every signup; the cost measured on both transports; and no
 * password in results.json or in any log the run left.
 */
class SecurityIT {

    private static final Path LOGS = Path.of("target", "it-logs");
    private static final int MESSAGES = 200;
    /** A password as a JAAS line or an environment variable would carry it. */
    private static final Pattern SECRET = Pattern.compile("password=\"[^\"]+\"|KAFKA_SASL_PASSWORD=\\S+|ssl\\.truststore\\.password=\\S+");

    /** For each variant, each check's name with what its refusal (or its success) must say. */
    private static final Map<Implementation, Map<String, String>> EXPECTED = Map.of(
            Implementation.DIRECT_KAFKA, Map.ofEntries(
                    Map.entry("a client without credentials (PLAINTEXT to the SASL_SSL listener)", "TimeoutException"),
                    Map.entry("a wrong password", "SaslAuthenticationException: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512"),
                    Map.entry("a client that does not trust the brokers' certificate (no CA)", "SslAuthenticationException: SSL handshake failed"),
                    Map.entry("a wrong mechanism (SCRAM-SHA-256)", "UnsupportedSaslMechanismException: Client SASL mechanism 'SCRAM-SHA-256' not enabled in the server"),
                    Map.entry("welcome-agent started with a wrong password", "exit 1: welcome-agent is DOWN and exits: welcome-agent: poll loop failed: SaslAuthenticationException"),
                    Map.entry("welcome-agent started without its credentials file", "exit 1: welcome-agent cannot start: KAFKA_CLIENT_PROPERTIES names <run>/missing.properties, which cannot be read"),
                    Map.entry("welcome-agent publishing to accounts (account-agent's topic)", "TopicAuthorizationException: Not authorized to access topics"),
                    Map.entry("welcome-agent reading ledger-events", "TopicAuthorizationException: Not authorized to access topics"),
                    Map.entry("welcome-agent joining ledger-agent's consumer group", "GroupAuthorizationException: Not authorized to access group: ledger-agent"),
                    Map.entry("signup-agent -> welcome-agent -> welcome-emails, each with its own credentials", "100 of 100 signups welcomed")),
            Implementation.DAPR, Map.ofEntries(
                    Map.entry("a sidecar without credentials (components/kafka, authType none)", "daprd exited (fatal): kafka: client has run out of available brokers"),
                    Map.entry("a wrong password", "SASL Authentication failed: Authentication failed during authentication due to invalid credentials"),
                    Map.entry("a sidecar that does not trust the brokers' certificate (another CA)", "x509: certificate signed by unknown authority"),
                    Map.entry("a wrong mechanism (saslMechanism SHA-256)", "broker log: Failed authentication (Unsupported SASL mechanism SCRAM-SHA-256)"),
                    Map.entry("a missing secret (KAFKA_SASL_PASSWORD not in daprd's environment)", "missing SASL Password for authType 'password'"),
                    Map.entry("signup-agent -> welcome-agent -> welcome-emails, each with its own credentials", "100 of 100 signups welcomed"),
                    Map.entry("a call to a sidecar without its DAPR_API_TOKEN", "HTTP 401"),
                    Map.entry("account-agent -> risk-agent by service invocation, both sidecars on mTLS (Sentry)", "HTTP 200 {"),
                    Map.entry("a sidecar without a certificate of the CA (no mTLS) invoking risk-agent", "HTTP 500 {\"errorCode\":\"ERR_DIRECT_INVOKE\""),
                    Map.entry("welcome-agent publishing to accounts (account-agent's topic)", "HTTP 403 {\"errorCode\":\"ERR_PUBSUB_FORBIDDEN\""),
                    Map.entry("a call to the app that does not come from its sidecar (no APP_API_TOKEN)", "HTTP 401"),
                    Map.entry("welcome-agent subscribing to ledger-events (a declared Subscription)", "is not allowed; welcome-agent's group reads [customer-signups]"),
                    Map.entry("welcome-agent joining ledger-agent's consumer group (its component edited)", "The client is not authorized to access this group")));

    @ParameterizedTest(name = "{0}")
    @EnumSource(Implementation.class)
    void everyForbiddenAttemptIsRefusedWhereItShouldBeAndTheAllowedPathWorks(Implementation implementation) throws Exception {
        Scenario.Stage stage = new Scenario.Stage(SuiteKafka.get(), SuiteKafka.freshTopics(SecurityScenario.NAME, implementation.label()),
                LOGS, 0, MESSAGES, List.of(), null, "kafka", List.of());
        ScenarioResult result = new SecurityScenario().run(stage, implementation, Progress.NONE);
        result.write(ScenarioResult.SUITE_RESULTS);
        SecurityDetails details = result.details(SecurityDetails.class).orElseThrow();

        Map<String, String> observed = details.checks().stream().collect(Collectors.toMap(Check::check, Check::observed));
        assertThat(observed.keySet()).as("the checks").containsExactlyInAnyOrderElementsOf(EXPECTED.get(implementation).keySet());
        EXPECTED.get(implementation).forEach((check, says) -> assertThat(observed.get(check)).as(check).contains(says));
        assertThat(details.checks()).as("each refused, or (the allowed path) working").allMatch(Check::held);
        assertThat(details.checks()).filteredOn(Check::allowed).hasSize(implementation == Implementation.DAPR ? 2 : 1);
        // an agent the brokers refuse to let consume says so: it exits, or its health is DOWN
        String refusedConsumer = observed.get(implementation == Implementation.DAPR
                ? "welcome-agent joining ledger-agent's consumer group (its component edited)" : "welcome-agent started with a wrong password");
        Gaps.expect(implementation, CapabilityGap.DAPR_REFUSED_GROUP_LEAVES_THE_AGENT_UP,
                () -> assertThat(refusedConsumer).as("a refused consumer").matches("(exit [1-9].*|.*health: DOWN.*)"),
                () -> assertThat(refusedConsumer).contains("not authorized to access this group", "welcome-agent's health: UP"));
        assertThat(result.passed()).isTrue();

        assertThat(details.costs()).extracting(Cost::transport).containsExactly("plaintext", "SASL_SSL");
        assertThat(details.costs()).allSatisfy(cost -> {
            assertThat(cost.messages()).isEqualTo(MESSAGES);
            assertThat(cost.throughputPerSec()).isPositive();
            assertThat(cost.maxPerSec()).isPositive();
            assertThat(cost.p50Ms()).isPositive().isLessThanOrEqualTo(cost.p99Ms());
        });

        assertThat(Files.readString(ScenarioResult.SUITE_RESULTS.resolve(SecurityScenario.NAME + "-" + implementation.label() + ".json")))
                .doesNotContainPattern(SECRET);
        assertThat(secretsIn(LOGS)).as("log lines holding a secret").isEmpty();
    }

    private static List<String> secretsIn(Path logs) throws IOException {
        try (Stream<Path> files = Files.walk(logs)) {
            return files.filter(Files::isRegularFile).flatMap(file -> {
                try (Stream<String> lines = Files.lines(file)) {
                    return lines.filter(line -> SECRET.matcher(line).find()).map(line -> file + ": " + line).toList().stream();
                } catch (IOException | java.io.UncheckedIOException binary) {
                    return Stream.of();
                }
            }).toList();
        }
    }
}
