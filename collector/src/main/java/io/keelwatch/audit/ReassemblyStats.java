package io.keelwatch.audit;

/**
 * What a {@link Reassembler} has seen, as a snapshot. Every record is accounted for: it joined an event
 * that was emitted (complete by rule, by timeout, evicted, or flushed), or is still in flight.
 *
 * @param records         records added
 * @param events          events emitted
 * @param completed       events closed by a terminal record (EOE, PROCTITLE, single-record types)
 * @param timedOut        events closed because log time passed their timestamp by the timeout
 * @param evicted         events closed early because too many were in flight (oldest first)
 * @param flushed         events closed by {@link Reassembler#flush()}
 * @param late            records that arrived for an event already emitted (emitted again as their own event)
 * @param strayEoe        EOE records with no open event (normally the EOE after a PROCTITLE that closed it)
 * @param serialGaps      kernel serials never seen (lost records), net of serials that arrived out of order
 * @param outOfOrder      events whose serial was lower than one already seen
 * @param duplicateSerials events reusing a serial already seen with another timestamp or node
 * @param serialResets    serial jumps too large to be loss (reboot, another counter); gap counting restarts
 * @param inFlight        events currently open
 */
public record ReassemblyStats(long records, long events, long completed, long timedOut, long evicted, long flushed,
                              long late, long strayEoe, long serialGaps, long outOfOrder, long duplicateSerials, long serialResets,
                              int inFlight) {
}
