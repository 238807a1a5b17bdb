package dev.agentsociety.direct.eventledger;

import dev.agentsociety.domain.Topics;
import dev.agentsociety.domain.ledger.Account;
import dev.agentsociety.domain.ledger.History;
import dev.agentsociety.domain.ledger.LedgerEvent;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The direct variant's ledger queries, read from the log itself ({@code ./ledger}): an account's state now, as of
 * a time or at a version, why an event happened, and its events from a time on (the log sought by timestamp). The Dapr variant answers the same over HTTP
 * ({@code GET /accounts/{id}}, {@code GET /accounts/{id}/why/{eventId}} on ledger-agent-es).
 */
@Command(name = "ledger", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = 2,
        description = "Queries the event-sourced ledger's log (ledger-events) in Kafka.",
        subcommands = {LedgerQuery.State.class, LedgerQuery.Why.class, LedgerQuery.Events.class})
public final class LedgerQuery {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", scope = CommandLine.ScopeType.INHERIT,
            defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS}", description = "the cluster (default: $KAFKA_BOOTSTRAP_SERVERS)")
    String bootstrapServers;

    @Option(names = "--prefix", paramLabel = "PREFIX", scope = CommandLine.ScopeType.INHERIT, defaultValue = "",
            description = "topic prefix (as AGENT_TOPICPREFIX)")
    String prefix;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LedgerQuery()).execute(args));
    }

    LedgerLog log(CommandLine.Model.CommandSpec spec) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "no cluster: set KAFKA_BOOTSTRAP_SERVERS or pass --bootstrap-servers");
        }
        return new LedgerLog(bootstrapServers);
    }

    @Command(name = "state", description = "An account's balance and version: now, --as-of a time, or --at-version N.")
    static final class State implements Callable<Integer> {

        @CommandLine.ParentCommand
        LedgerQuery parent;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "ACCOUNT")
        String accountId;

        @Option(names = "--as-of", paramLabel = "INSTANT", description = "e.g. 2026-11-27T09:00:00Z")
        String asOf;

        @Option(names = "--at-version", paramLabel = "N")
        Long atVersion;

        @Override
        public Integer call() {
            Topics topics = new Topics(parent.prefix);
            History history = new History(accountId, parent.log(spec).events(topics.ledgerEvents(), accountId));
            Account account;
            try {
                account = asOf != null ? history.asOf(Instant.parse(asOf))
                        : atVersion != null ? history.atVersion(atVersion) : history.atVersion(Long.MAX_VALUE);
            } catch (DateTimeParseException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--as-of wants an ISO-8601 instant: " + asOf);
            }
            spec.commandLine().getOut().printf("%s version %d balance %s%s%n", account.accountId(), account.version(),
                    History.money(account.balanceCents()), account.open() ? "" : " (not opened)");
            return 0;
        }
    }

    @Command(name = "events", description = "An account's events, oldest first, from the beginning of the log or "
            + "--since a time: each partition is sought to its first record written then or later (offsetsForTimes).")
    static final class Events implements Callable<Integer> {

        @CommandLine.ParentCommand
        LedgerQuery parent;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "ACCOUNT")
        String accountId;

        @Option(names = "--since", paramLabel = "INSTANT", description = "e.g. 2026-11-27T09:00:00Z")
        String since;

        @Override
        public Integer call() {
            Topics topics = new Topics(parent.prefix);
            LedgerLog log = parent.log(spec);
            Map<TopicPartition, Long> from;
            try {
                from = since == null ? log.partitions(topics.ledgerEvents()).stream().collect(Collectors.toMap(tp -> tp, tp -> 0L))
                        : log.offsetsAt(topics.ledgerEvents(), Instant.parse(since));
            } catch (DateTimeParseException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--since wants an ISO-8601 instant: " + since);
            }
            PrintWriter out = spec.commandLine().getOut();
            log.readFrom(from, record -> LedgerLog.event(record).filter(e -> e.accountId().equals(accountId))
                    .ifPresent(event -> out.printf("%s %s at %s-%d@%d, written %s%n", event.describeFor(), event.eventId(),
                            record.topic(), record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()))));
            return 0;
        }
    }

    @Command(name = "why", description = "Why an event happened: the account's history up to it, oldest first.")
    static final class Why implements Callable<Integer> {

        @CommandLine.ParentCommand
        LedgerQuery parent;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ACCOUNT")
        String accountId;

        @Parameters(index = "1", paramLabel = "EVENT_ID")
        String eventId;

        @Override
        public Integer call() {
            Topics topics = new Topics(parent.prefix);
            LedgerLog log = parent.log(spec);
            List<LedgerEvent> events = log.events(topics.ledgerEvents(), accountId);
            PrintWriter out = spec.commandLine().getOut();
            if (events.stream().noneMatch(e -> e.eventId().equals(eventId))) {
                spec.commandLine().getErr().println("ledger: no event " + eventId + " in " + accountId + "'s "
                        + events.size() + " events");
                return 1;
            }
            new History(accountId, events).why(eventId, log.commands(topics)).forEach(out::println);
            return 0;
        }
    }
}
