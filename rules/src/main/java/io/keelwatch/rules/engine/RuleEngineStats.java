package io.keelwatch.rules.engine;

/**
 * What a {@link RuleEngine} evaluated and what went wrong, as a snapshot.
 *
 * @param eventsEvaluated          syscall events evaluated
 * @param containerEventsEvaluated container lifecycle events that met at least one rule
 * @param rulesEvaluated           rule evaluations (events times the rules each met, plus inventory checks)
 * @param matches                  rule matches
 * @param evaluationErrors         conditions that threw while evaluating (the event was treated as not matching)
 * @param windowEvictions          window groups and values dropped to keep window state bounded
 */
public record RuleEngineStats(long eventsEvaluated, long containerEventsEvaluated, long rulesEvaluated, long matches,
                              long evaluationErrors, long windowEvictions) {
    public static final RuleEngineStats EMPTY = new RuleEngineStats(0, 0, 0, 0, 0, 0);

    /** Both engines' counters added (an agent's total over the engines each rules load builds). */
    public RuleEngineStats plus(RuleEngineStats o) {
        return new RuleEngineStats(eventsEvaluated + o.eventsEvaluated, containerEventsEvaluated
                + o.containerEventsEvaluated, rulesEvaluated + o.rulesEvaluated, matches + o.matches,
                evaluationErrors + o.evaluationErrors, windowEvictions + o.windowEvictions);
    }
}
