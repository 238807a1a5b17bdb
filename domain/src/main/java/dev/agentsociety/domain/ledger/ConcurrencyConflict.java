package dev.agentsociety.domain.ledger;

/** An append that expected the account at one version found it at another: someone else wrote first. */
public final class ConcurrencyConflict extends RuntimeException {

    private final long expected;
    private final long actual;

    public ConcurrencyConflict(String accountId, long expected, long actual) {
        super(accountId + ": expected version " + expected + ", found " + actual + " (another writer appended first)");
        this.expected = expected;
        this.actual = actual;
    }

    public long expected() {
        return expected;
    }

    public long actual() {
        return actual;
    }
}
