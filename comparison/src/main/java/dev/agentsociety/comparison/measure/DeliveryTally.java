package dev.agentsociety.comparison.measure;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a scenario's observer saw, held against what was sent: the figures of the report's delivery columns.
 * Effects are matched to their causes by id ({@code causationId}); order is judged per key on each cause's first
 * appearance, so an at-least-once redelivery shows up as a duplicate, not as disorder.
 *
 * @param delivered       sent causes that have an effect
 * @param duplicates      effects beyond the first for the same cause
 * @param lost            sent causes without an effect
 * @param unexpected      effects of causes nobody sent
 * @param orderViolations effects that appeared before the effect of a cause sent earlier under the same key
 * @param lostIds         the lost causes (for the failure message; not in results.json)
 */
@JsonIgnoreProperties(value = "lostIds", allowGetters = false)
public record DeliveryTally(long sent, long delivered, long duplicates, long lost, long unexpected, long orderViolations,
        List<String> lostIds) {

    /** One observed effect: the key it was published under and the id of its cause. */
    public record Effect(String key, String causeId) {
    }

    /**
     * @param sentByKey each key's cause ids in the order they were sent
     * @param observed  the effects in the order the observer read them (per key, that is the partition's order)
     */
    public static DeliveryTally of(Map<String, List<String>> sentByKey, List<Effect> observed) {
        Map<String, Integer> sentIndex = new HashMap<>();
        sentByKey.values().forEach(ids -> {
            for (int i = 0; i < ids.size(); i++) {
                sentIndex.put(ids.get(i), i);
            }
        });
        Set<String> seen = new HashSet<>();
        Map<String, Integer> highestByKey = new HashMap<>();
        long duplicates = 0;
        long unexpected = 0;
        long violations = 0;
        for (Effect effect : observed) {
            if (!seen.add(effect.causeId())) {
                duplicates++;
                continue;
            }
            Integer index = sentIndex.get(effect.causeId());
            if (index == null) {
                unexpected++;
                continue;
            }
            int highest = highestByKey.getOrDefault(effect.key(), -1);
            if (index < highest) {
                violations++;
            } else {
                highestByKey.put(effect.key(), index);
            }
        }
        List<String> lostIds = new ArrayList<>();
        sentByKey.values().forEach(ids -> ids.stream().filter(id -> !seen.contains(id)).forEach(lostIds::add));
        long sent = sentIndex.size();
        return new DeliveryTally(sent, sent - lostIds.size(), duplicates, lostIds.size(), unexpected, violations,
                List.copyOf(lostIds));
    }

    /** Several tallies of one run (e.g. one per answer topic) added up. */
    public static DeliveryTally sum(Collection<DeliveryTally> tallies) {
        List<String> lost = tallies.stream().flatMap(t -> t.lostIds().stream()).toList();
        return new DeliveryTally(tallies.stream().mapToLong(DeliveryTally::sent).sum(),
                tallies.stream().mapToLong(DeliveryTally::delivered).sum(),
                tallies.stream().mapToLong(DeliveryTally::duplicates).sum(), lost.size(),
                tallies.stream().mapToLong(DeliveryTally::unexpected).sum(),
                tallies.stream().mapToLong(DeliveryTally::orderViolations).sum(), lost);
    }
}
