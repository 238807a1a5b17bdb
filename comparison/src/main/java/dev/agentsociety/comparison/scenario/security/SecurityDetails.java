package dev.agentsociety.comparison.scenario.security;

import java.util.List;

/** The security scenario's figures in results.json ({@code details}): a row per check, a row per transport's cost. */
public record SecurityDetails(List<Check> checks, List<Cost> costs) {

    /**
     * One attempt and what came of it.
     *
     * @param check    what was attempted, e.g. "a client without credentials"
     * @param where    who enforces it: broker (SASL, TLS, ACLs), daprd (scopes, API token), app (APP_API_TOKEN)
     * @param allowed  true for a path that must work (the agents with their own credentials), false for one that must be refused
     * @param held     refused as expected, or (an allowed path) worked
     * @param observed what the user sees: the exception, HTTP status and body, or daprd's log line (never a secret)
     */
    public record Check(String check, String where, boolean allowed, boolean held, String observed) {
    }

    /**
     * Publishing through one transport: at a fixed rate, latency from each message's intended send time; then as fast
     * as the publisher goes, its throughput.
     *
     * @param transport        plaintext, or SASL_SSL (SCRAM-SHA-512 over TLS, with ACLs)
     * @param throughputPerSec acknowledged per second at the offered rate
     * @param maxPerSec        acknowledged per second with every message handed over at once
     */
    public record Cost(String transport, int messages, double offeredPerSec, double throughputPerSec, double p50Ms,
            double p99Ms, double maxMs, double maxPerSec) {
    }
}
