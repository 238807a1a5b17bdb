package dev.agentsociety.comparison;

/**
 * What one implementation cannot do that the other can, as the suite observed it. Each is named in README's
 * guarantees table (a unit test holds README to this list) and feeds the report; a test may give up on an
 * assertion, or skip, for one implementation only by naming one of these ({@link Gaps}).
 */
enum CapabilityGap {

    DAPR_NON_JSON_DEAD_LETTER_HAS_NO_REASON(Implementation.DAPR,
            "a payload that is not JSON is dead-lettered by daprd itself, without a reason on the message"),
    DAPR_APP_NOT_TOLD_OF_REBALANCES(Implementation.DAPR,
            "the app is not told when its partitions move (no rebalance callback; daprd logs none)"),
    DAPR_REPLIES_SHARED_BY_REQUESTER_INSTANCES(Implementation.DAPR,
            "instances of one requester share its reply subscription (the app-id's consumer group), so a reply can "
                    + "reach an instance that is not waiting for it"),
    DAPR_LEDGER_EVENTS_PUBLISHED_AT_LEAST_ONCE(Implementation.DAPR,
            "a command's events reach the topic at least once, not exactly once: the state transaction and the "
                    + "publish are two steps, so a redelivered command publishes its stored events again (same ids)");

    private final Implementation lacking;
    private final String description;

    CapabilityGap(Implementation lacking, String description) {
        this.lacking = lacking;
        this.description = description;
    }

    Implementation lacking() {
        return lacking;
    }

    String description() {
        return description;
    }
}
