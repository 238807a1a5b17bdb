package dev.agentsociety.comparison.society;

/**
 * What one implementation cannot do that the other can, as the suite observed it. Each is named in
 * docs/guarantees.md (GapsTest holds the page to this list) and feeds the report; a test may give up on an
 * assertion, or skip, for one implementation only by naming one of these ({@link Gaps}).
 */
public enum CapabilityGap {

    DAPR_SIDECAR_PANICS_ON_A_NULL_CLOUDEVENT(Implementation.DAPR,
            "daprd 1.16.5 exits with a panic when asked to publish a structured CloudEvent that is JSON null "
                    + "(components-contrib pubsub.FromCloudEvent writes into the nil map it unmarshalled); the agents "
                    + "forward dead letters as raw payloads, never that way"),
    DAPR_TOMBSTONE_ARRIVES_AS_JSON_NULL(Implementation.DAPR,
            "a tombstone (a record without a value) reaches the app as the JSON text null: Dapr's Kafka component "
                    + "turns a null value into those four bytes, so the app cannot tell the two apart"),
    DAPR_APP_NOT_TOLD_OF_REBALANCES(Implementation.DAPR,
            "the app is not told when its partitions move (no rebalance callback; daprd logs none)"),
    DAPR_REPLIES_SHARED_BY_REQUESTER_INSTANCES(Implementation.DAPR,
            "instances of one requester share its reply subscription (the app-id's consumer group), so a reply can "
                    + "reach an instance that is not waiting for it"),
    DAPR_LEDGER_EVENTS_PUBLISHED_AT_LEAST_ONCE(Implementation.DAPR,
            "a command's events reach the topic at least once, not exactly once: the state transaction and the "
                    + "publish are two steps, so a redelivered command publishes its stored events again (same ids)"),
    DAPR_REFUSED_GROUP_LEAVES_THE_AGENT_UP(Implementation.DAPR,
            "when the brokers refuse its sidecar's consumer group (an ACL, GroupAuthorizationException), daprd logs "
                    + "\"Error consuming ... Retrying\" without end while its health and the app's stay UP: the agent consumes "
                    + "nothing and says it is fine; the direct agent whose poll loop is refused exits 1, saying why"),
    DAPR_LEDGER_EVENTS_MISSING_AFTER_NETWORK_FAULTS(Implementation.DAPR,
            "through a bandwidth limit, connection resets or a partition of its daprd from the brokers (Toxiproxy), "
                    + "the Dapr ledger decides payments whose events never reach ledger-events: payments undecided on the "
                    + "topic and gaps in accounts' sequences, though every payment was delivered and answered (where the "
                    + "events go missing is not found yet)");

    private final Implementation lacking;
    private final String description;

    CapabilityGap(Implementation lacking, String description) {
        this.lacking = lacking;
        this.description = description;
    }

    public Implementation lacking() {
        return lacking;
    }

    public String description() {
        return description;
    }
}
