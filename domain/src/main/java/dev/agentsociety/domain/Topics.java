package dev.agentsociety.domain;

/**
 * The topic names both variants share (a contract: users, scripts and the report rely on them).
 * A prefix lets both variants, or several test runs, share one cluster without seeing each other.
 */
public record Topics(String prefix) {

    public static final String CUSTOMER_SIGNUPS = "customer-signups";
    public static final String WELCOME_EMAILS = "welcome-emails";
    public static final String ACCOUNTS = "accounts";
    public static final String RECOMMENDATIONS = "recommendations";
    public static final String CREDIT_REQUESTS = "credit-requests";
    public static final String CREDIT_REPLIES = "credit-replies";
    public static final String LEDGER_COMMANDS = "ledger-commands";
    public static final String LEDGER_EVENTS = "ledger-events";
    public static final String PAYMENT_REQUESTED = "payment-requested";
    public static final String LEDGER_SNAPSHOTS = "ledger-snapshots";
    public static final String CUSTOMER_ACTIVITY = "customer-activity";
    public static final String PEER_NOTES = "peer-notes";

    public Topics {
        if (prefix == null) {
            prefix = "";
        }
        if (!prefix.isEmpty() && !prefix.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("topic prefix may hold only letters, digits, '.', '_' and '-': " + prefix);
        }
    }

    public static Topics unprefixed() {
        return new Topics("");
    }

    public String customerSignups() {
        return prefix + CUSTOMER_SIGNUPS;
    }

    public String welcomeEmails() {
        return prefix + WELCOME_EMAILS;
    }

    public String accounts() {
        return prefix + ACCOUNTS;
    }

    public String recommendations() {
        return prefix + RECOMMENDATIONS;
    }

    public String creditRequests() {
        return prefix + CREDIT_REQUESTS;
    }

    public String creditReplies() {
        return prefix + CREDIT_REPLIES;
    }

    public String ledgerCommands() {
        return prefix + LEDGER_COMMANDS;
    }

    public String ledgerEvents() {
        return prefix + LEDGER_EVENTS;
    }

    public String paymentRequested() {
        return prefix + PAYMENT_REQUESTED;
    }

    /** The scale scenario's stimuli: what each customer did, keyed by customer. */
    public String customerActivity() {
        return prefix + CUSTOMER_ACTIVITY;
    }

    /** What the customer agents tell each other (the event style), keyed by the recipient. */
    public String peerNotes() {
        return prefix + PEER_NOTES;
    }

    /** The direct ledger's snapshots of its log partitions (compacted). */
    public String ledgerSnapshots() {
        return prefix + LEDGER_SNAPSHOTS;
    }

    /**
     * The largest record value a dead letter copies: a larger one (a record near the broker's 1 MiB limit, which the
     * added {@code dlq.*} headers would push over it) goes without its value, the header {@code dlq.value-dropped}
     * saying how large it was; the record itself stays in its topic at {@code dlq.source}. Both variants apply it.
     */
    public static final int DEAD_LETTER_MAX_VALUE_BYTES = 900 * 1024;

    /** Dead letters for a topic: {@code <topic>-dlq}. */
    public static String deadLetter(String topic) {
        return topic + "-dlq";
    }
}
