package dev.agentsociety.domain.events;

import dev.agentsociety.domain.bench.Probe;
import java.util.Map;
import java.util.Optional;

/** Maps CloudEvent {@code type} names to event classes and back, e.g. {@code agentsociety.CustomerSignedUp.v1}. */
public final class EventTypes {

    private static final String NAMESPACE = "agentsociety.";

    private static final Map<String, Class<? extends DomainEvent>> BY_NAME = Map.of(
            "CustomerSignedUp", CustomerSignedUp.class,
            "WelcomeEmailSent", WelcomeEmailSent.class,
            "AccountOpened", AccountOpened.class,
            "RecommendationsReady", RecommendationsReady.class,
            "CreditRequested", CreditRequested.class,
            "CreditLimitDecided", CreditLimitDecided.class,
            "DepositRequested", DepositRequested.class,
            "MoneyDeposited", MoneyDeposited.class,
            "Probe", Probe.class);

    private EventTypes() {
    }

    public static String typeOf(Class<? extends DomainEvent> eventClass, int schemaVersion) {
        return NAMESPACE + eventClass.getSimpleName() + ".v" + schemaVersion;
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
