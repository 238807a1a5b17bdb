package dev.agentsociety.direct.account;

import dev.agentsociety.domain.EventJson;
import dev.agentsociety.domain.events.CreditLimitDecided;
import dev.agentsociety.domain.events.CreditRequested;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * account-agent's synchronous baseline in the direct variant: the credit question as a blocking HTTP call to
 * risk-agent, whose URL it must be given (no broker in between, no service discovery). Mirror of the Dapr
 * account-agent's {@code CreditRequests.call}, which goes through the sidecars by app-id.
 */
public final class CreditHttpCaller {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI riskAgent;
    private final Duration timeout;

    public CreditHttpCaller(String riskAgentUrl, Duration timeout) {
        this.riskAgent = URI.create(riskAgentUrl);
        this.timeout = timeout;
    }

    /** Asks and blocks for the answer; fails when risk-agent does not answer 200 within the timeout. */
    public CreditLimitDecided call(String customerId, String plan) {
        CreditRequested request = CreditRequested.of(customerId, plan, CreditRequested.REPLY_IN_RESPONSE);
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(riskAgent).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(EventJson.toBytes(request))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("risk-agent answered " + response.statusCode() + ": " + new String(response.body()));
            }
            return EventJson.fromBytes(response.body(), CreditLimitDecided.class);
        } catch (IOException e) {
            throw new IllegalStateException("risk-agent at " + riskAgent + " unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking risk-agent", e);
        }
    }
}
