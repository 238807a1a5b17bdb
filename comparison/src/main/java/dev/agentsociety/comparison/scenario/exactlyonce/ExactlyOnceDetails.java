package dev.agentsociety.comparison.scenario.exactlyonce;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The event-sourced ledger's own figures in results.json ({@code details}), for its guarded and its naive agent.
 *
 * @param agent                       which agent decided: how it holds to one outcome per payment
 * @param fault                       what was done to it mid-stream, after {@code faultAfterCommittedPayments}
 * @param paymentsDecidedMoreThanOnce payments with more than one outcome in the log
 * @param eventsPublishedAgain        the same event (id, sequence, content) on the topic again: a republish, harmless
 * @param copiesWithOtherContent      one id at one sequence with other content: two effects passed off as one
 * @param decidedUnlikeTheReference   outcomes unlike the domain's own decision on the same input
 * @param unlikeTheReference          the first five of them, each with the reference's outcome
 * @param lostPayments                the first five payments without an outcome
 * @param whyFirstRefusal             the history that made the first refusal, as the ledger's query tells it
 * @param zombieSaid                  the fenced zombie's last word (Dapr on PostgreSQL)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ExactlyOnceDetails(String agent, int accounts, int paymentsPublishedTwice, String fault,
        long faultAfterCommittedPayments, long paymentsDecidedMoreThanOnce, long eventsPublishedAgain,
        long copiesWithOtherContent, long decidedUnlikeTheReference, long withdrawn, long rejected, double seconds,
        List<String> unlikeTheReference, List<String> lostPayments, List<String> whyFirstRefusal, String stateBeforeIt,
        String zombieSaid) {
}
