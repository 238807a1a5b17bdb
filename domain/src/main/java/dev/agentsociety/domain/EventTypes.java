package dev.agentsociety.domain;

import dev.agentsociety.domain.bench.Probe;
import dev.agentsociety.domain.events.CreditLimitDecided;
import dev.agentsociety.domain.events.CreditRequested;
import dev.agentsociety.domain.events.CustomerAccountOpened;
import dev.agentsociety.domain.events.CustomerSignedUp;
import dev.agentsociety.domain.events.DepositRecorded;
import dev.agentsociety.domain.events.DepositRequested;
import dev.agentsociety.domain.events.DomainEvent;
import dev.agentsociety.domain.events.RecommendationsReady;
import dev.agentsociety.domain.events.WelcomeEmailSent;
import dev.agentsociety.domain.ledger.AccountOpened;
import dev.agentsociety.domain.ledger.MoneyDeposited;
import dev.agentsociety.domain.ledger.MoneyWithdrawn;
import dev.agentsociety.domain.ledger.PaymentRequested;
import dev.agentsociety.domain.ledger.WithdrawalRejected;
import dev.agentsociety.domain.scale.CustomerActivity;
import dev.agentsociety.domain.scale.PeerNoted;
import java.util.Map;
import java.util.Optional;

/**
 * Maps CloudEvent {@code type} names to event classes and back, e.g. {@code agentsociety.CustomerSignedUp.v1}: the
 * catalogue of every event on the wire — the society's ({@code events}), the ledger's, the scale scenario's and the benchmark's — so it
 * lives above those packages and none of them needs another.
 */
public final class EventTypes {

    private static final String NAMESPACE = "agentsociety.";

    private static final Map<String, Class<? extends DomainEvent>> BY_NAME = Map.ofEntries(
            Map.entry("CustomerSignedUp", CustomerSignedUp.class),
            Map.entry("WelcomeEmailSent", WelcomeEmailSent.class),
            Map.entry("CustomerAccountOpened", CustomerAccountOpened.class),
            Map.entry("RecommendationsReady", RecommendationsReady.class),
            Map.entry("CreditRequested", CreditRequested.class),
            Map.entry("CreditLimitDecided", CreditLimitDecided.class),
            Map.entry("DepositRequested", DepositRequested.class),
            Map.entry("DepositRecorded", DepositRecorded.class),
            Map.entry("Probe", Probe.class),
            Map.entry("PaymentRequested", PaymentRequested.class),
            Map.entry("ledger.AccountOpened", AccountOpened.class),
            Map.entry("ledger.MoneyDeposited", MoneyDeposited.class),
            Map.entry("ledger.MoneyWithdrawn", MoneyWithdrawn.class),
            Map.entry("ledger.WithdrawalRejected", WithdrawalRejected.class),
            Map.entry("CustomerActivity", CustomerActivity.class),
            Map.entry("PeerNoted", PeerNoted.class));

    private EventTypes() {
    }

    public static String typeOf(Class<? extends DomainEvent> eventClass, int schemaVersion) {
        return typeOf(eventClass.getSimpleName(), schemaVersion);
    }

    /** For events whose name is not their class's simple name, e.g. {@code ledger.MoneyDeposited}. */
    public static String typeOf(String name, int schemaVersion) {
        return NAMESPACE + name + ".v" + schemaVersion;
    }

    /** The event class a CloudEvent type names, whatever its version; empty when the type is not ours. */
    public static Optional<Class<? extends DomainEvent>> classOf(String type) {
        if (type == null || !type.startsWith(NAMESPACE)) {
            return Optional.empty();
        }
        String rest = type.substring(NAMESPACE.length());
        int dot = rest.lastIndexOf(".v");
        return Optional.ofNullable(BY_NAME.get(dot < 0 ? rest : rest.substring(0, dot)));
    }
}
