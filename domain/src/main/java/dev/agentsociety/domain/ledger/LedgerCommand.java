package dev.agentsociety.domain.ledger;

/**
 * What ledger-agent is asked to do to one account. {@code commandId} is the id of the message that carried it:
 * a redelivered message carries the same id, which is what makes a command's effect checkable for "at most once".
 */
public sealed interface LedgerCommand {

    String commandId();

    String accountId();

    /** What was asked, for a person: "payment of 15.00 requested (c4)". */
    String describe();

    /** The conversation this command belongs to: its own id unless it continues another. */
    default String correlationId() {
        return commandId();
    }

    record OpenAccount(String commandId, String accountId, String customerId) implements LedgerCommand {
        @Override
        public String describe() {
            return "account opening for " + customerId + " requested (" + commandId + ")";
        }
    }

    record Deposit(String commandId, String accountId, long amountCents) implements LedgerCommand {
        public Deposit {
            if (amountCents <= 0) {
                throw new IllegalArgumentException("a deposit is positive: " + amountCents);
            }
        }

        @Override
        public String describe() {
            return "deposit of " + History.money(amountCents) + " requested (" + commandId + ")";
        }
    }

    /** Pay out of the account ({@code payment-requested}): withdrawn if the balance covers it, else rejected. */
    record Withdraw(String commandId, String accountId, long amountCents) implements LedgerCommand {
        public Withdraw {
            if (amountCents <= 0) {
                throw new IllegalArgumentException("a withdrawal is positive: " + amountCents);
            }
        }

        @Override
        public String describe() {
            return "payment of " + History.money(amountCents) + " requested (" + commandId + ")";
        }
    }
}
