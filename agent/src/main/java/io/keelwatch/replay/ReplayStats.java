package io.keelwatch.replay;

/**
 * What a replay did.
 *
 * @param inputs        inputs fed to the core
 * @param stateInputs   inputs before {@code --from} fed only for their state
 * @param rulesReplaced recorded rules changes left out because the replay brought its own rules
 * @param corrupt       journal excerpts that did not decode (skipped)
 * @param firstMs       receive time of the first input fed, or -1
 * @param lastMs        receive time of the last input fed, or -1
 * @param wallNanos     how long it took
 */
public record ReplayStats(long inputs, long stateInputs, long rulesReplaced, long corrupt, long firstMs, long lastMs,
                          long wallNanos) {

    public double inputsPerSecond() {
        return wallNanos == 0 ? 0 : inputs * 1e9 / wallNanos;
    }
}
