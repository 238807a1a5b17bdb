package dev.agentsociety.domain.scale;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The scale scenario's agents: one per customer, each an identity with state of its own, many hosted by one process.
 * An agent reacts to its customer's activity by telling a few peers ({@link #peersOf}: the same for a customer in every
 * process, every run); a peer takes the note into its state. What is measured is how the telling travels — events
 * or synchronous calls — not what the agents think, so their state is small: the activities seen and notes taken.
 *
 * <p>One customer can be made slow: taking a note costs it {@code slowness} (its model's work), so a run shows what
 * one slow agent does to the others. Thread-safe: a host takes notes from several threads (HTTP, Dapr's deliveries).
 */
public final class CustomerAgents {

    public static final String NAME = "customer-agents";
    /** How many peers each agent tells. */
    public static final int PEERS = 3;

    private static final Pattern CUSTOMER_ID = Pattern.compile("c-[0-9]{5}");

    private final int population;
    private final String slowCustomer;
    private final Duration slowness;
    private final Clock clock;
    /** Per customer its agent's state: the notes it took, by note id (a redelivered note is taken once). */
    private final Map<String, Set<String>> notesByCustomer = new ConcurrentHashMap<>();
    private final Map<String, Boolean> activities = new ConcurrentHashMap<>();
    private final List<Applied> applied = new ArrayList<>();
    private long duplicates;

    /** A note taken: which, by whom, about which activity, and when (microseconds since the epoch). */
    public record Applied(String noteId, String customerId, String activityId, long atMicros) {
    }

    /** What a host has done since it started: for the scenario to compare with what it asked. */
    public record Effects(int agents, int activities, long duplicates, List<Applied> applied) {
    }

    /**
     * @param population   how many customers there are (c-00000 .. ): every host must agree
     * @param slowCustomer the customer whose agent is slow to take a note, or empty for none
     */
    public CustomerAgents(int population, String slowCustomer, Duration slowness, Clock clock) {
        if (population < PEERS + 1 || population > 100_000) {
            throw new IllegalArgumentException("a population is " + (PEERS + 1) + " to 100,000 customers: " + population);
        }
        this.population = population;
        this.slowCustomer = slowCustomer;
        this.slowness = slowness;
        this.clock = clock;
    }

    public CustomerAgents(int population, String slowCustomer, Duration slowness) {
        this(population, slowCustomer, slowness, Clock.systemUTC());
    }

    /** The id of customer {@code index}: {@code c-00042}. */
    public static String customer(int index) {
        return String.format(Locale.ROOT, "c-%05d", index);
    }

    /** The peers customer {@code index}'s agent tells: fixed strides through the population, never itself. */
    public static List<Integer> peersOf(int index, int population) {
        List<Integer> peers = new ArrayList<>(PEERS);
        for (int stride : new int[] {1, population / 3 + 1, 2 * population / 3 + 1}) {
            peers.add(Math.floorMod(index + stride, population));
        }
        return peers;
    }

    /** The notes an agent sends for its customer's activity; their ids derive from it, so a redelivery repeats them. */
    public List<PeerNoted> react(CustomerActivity activity) {
        int index = indexOf(activity.customerId());
        activities.put(activity.eventId(), Boolean.TRUE);
        List<PeerNoted> notes = new ArrayList<>(PEERS);
        for (int peer : peersOf(index, population)) {
            String to = customer(peer);
            notes.add(new PeerNoted(noteId(activity.eventId(), to), to, activity.customerId(), activity.eventId(),
                    activity.occurredAt(), PeerNoted.SCHEMA_VERSION));
        }
        return notes;
    }

    /** The recipient's agent takes the note (once; a duplicate is counted, not applied). */
    public void take(PeerNoted note) {
        if (note.customerId().equals(slowCustomer) && !slowness.isZero()) {
            try {
                Thread.sleep(slowness.toMillis()); // the slow agent's own work, not a wait for anything
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while " + note.customerId() + " took " + note.eventId(), e);
            }
        }
        boolean first = notesByCustomer.computeIfAbsent(note.customerId(), c -> ConcurrentHashMap.newKeySet()).add(note.eventId());
        Instant now = clock.instant();
        synchronized (applied) {
            if (first) {
                applied.add(new Applied(note.eventId(), note.customerId(), note.activityId(),
                        ChronoUnit.MICROS.between(Instant.EPOCH, now)));
            } else {
                duplicates++;
            }
        }
    }

    /** How many notes were taken, duplicates included: cheap to ask while a run is on. */
    public long taken() {
        synchronized (applied) {
            return applied.size() + duplicates;
        }
    }

    public Effects effects() {
        synchronized (applied) {
            return new Effects(notesByCustomer.size(), activities.size(), duplicates, List.copyOf(applied));
        }
    }

    /** The note's id: from the activity and the recipient. */
    public static String noteId(String activityId, String recipient) {
        return UUID.nameUUIDFromBytes((NAME + ":" + activityId + ":" + recipient).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** A customer id is {@code c-} and five digits: anything else is refused when an event is read. */
    static String requireCustomer(String customerId, String field) {
        Objects.requireNonNull(customerId, field);
        if (!CUSTOMER_ID.matcher(customerId).matches()) {
            throw new IllegalArgumentException(field + " is not a customer id (c-00000 .. c-99999): " + customerId);
        }
        return customerId;
    }

    /** Its position in the population (an id beyond it, from another run's population, wraps around). */
    private int indexOf(String customerId) {
        return Integer.parseInt(customerId.substring(2)) % population;
    }
}
