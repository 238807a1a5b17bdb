package dev.agentsociety.agents.account;

import dev.agentsociety.domain.agents.CreditChecks;
import java.time.Duration;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Drives S3 from outside: {@code POST /credit-checks?count=200&timeoutMs=30000} sends that many credit requests at
 * once over pub/sub and answers when each is answered or timed out; with {@code &callers=16} it makes the same
 * requests synchronously over service invocation instead, from that many caller threads; {@code GET /credit-checks/outcomes} counts the replies by
 * what they were (matched, duplicate, late, unknown) and the requests still waiting.
 */
@RestController
class CreditCheckController {

    private final CreditRequests requests;

    CreditCheckController(CreditRequests requests) {
        this.requests = requests;
    }

    @PostMapping("/credit-checks")
    public CreditChecks.Summary run(@RequestParam int count, @RequestParam(defaultValue = "30000") long timeoutMs,
            @RequestParam(defaultValue = "0") int callers) {
        if (callers > 0) {
            return CreditChecks.runBlocking(count, requests::call, callers);
        }
        return CreditChecks.run(count, (customer, plan) -> requests.ask(customer, plan, Duration.ofMillis(timeoutMs)),
                requests.pending()::inFlight);
    }

    /** Replies by outcome, and how many requests still wait ({@code inFlight}). */
    @GetMapping("/credit-checks/outcomes")
    public Map<String, Long> outcomes() {
        return requests.pending().outcomes();
    }
}
