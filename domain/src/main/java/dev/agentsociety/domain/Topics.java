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

    /** The direct ledger's snapshots of its log partitions (compacted). */
    public String ledgerSnapshots() {
        return prefix + LEDGER_SNAPSHOTS;
    }

    /** Dead letters for a topic: {@code <topic>-dlq}. */
    public static String deadLetter(String topic) {
        return topic + "-dlq";
    }
}
