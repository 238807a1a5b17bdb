package dev.agentsociety.comparison.scenario.exactlyonce;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The broker-faults and network-faults scenarios' figures in results.json ({@code details}): one row per fault. */
public record FaultsDetails(List<FaultRun> faults) {

    /**
     * One fault under load.
     *
     * @param contrast                  weak settings, there to show the loss they allow: judged by that, not by the guarantees
     * @param sent                      payments handed to the publisher
     * @param acknowledged              of them, the ones the publisher was told succeeded
     * @param refused                   the ones it was told failed (a refusal loses nothing: it was not promised)
     * @param refusedButWritten         refused, yet in the log: a publisher that retries it makes a copy
     * @param acknowledgedLost          acknowledged but not in the log: the guarantee broken
     * @param copies                    records on the payments topic beyond the first of a payment (publisher retries)
     * @param orderViolations           acknowledged payments standing before one of their key sent and acknowledged earlier
     * @param acknowledgedBelowMinIsr   sent after two of three brokers were gone and acknowledged before they came back
     * @param inLog                     distinct payments in the log
     * @param undecided                 payments in the log without a ledger outcome
     * @param extraEffects              ledger outcomes beyond one per payment
     * @param decidedUnlikeTheReference outcomes unlike the domain's own decision on the log's order
     * @param outOfSequence             ledger events not at the place their sequence claims
     * @param publishStallSeconds       the longest time without an acknowledgement
     * @param ledgerStallSeconds        the longest time without a ledger decision
     * @param lostPayments              the first five acknowledged payments missing from the log
     * @param ledgerProblems            the first five payments undecided or events out of sequence, named
     * @param refusals                  the first distinct refusals the publisher saw
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record FaultRun(String fault, String description, boolean contrast, long sent, long acknowledged, long refused, long refusedButWritten,
            long acknowledgedLost, long copies, long orderViolations, long acknowledgedBelowMinIsr, long inLog,
            long undecided, long extraEffects, long decidedUnlikeTheReference, long outOfSequence,
            double publishStallSeconds, double ledgerStallSeconds, double seconds, boolean passed,
            List<String> lostPayments, List<String> ledgerProblems, List<String> refusals) {
    }
}
