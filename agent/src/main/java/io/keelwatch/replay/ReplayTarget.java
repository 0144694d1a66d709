package io.keelwatch.replay;

import io.keelwatch.agent.pipeline.ParsedAhead;
import io.keelwatch.input.HostInput;

/** What a replay feeds: the pipeline core (or, in tests, anything that consumes inputs in order). */
public interface ReplayTarget {

    void accept(HostInput input);

    /** End of the inputs: close open events and release folded alerts. */
    void finish();

    /** Where a reader may leave audit inputs parsed ahead for this target, or {@code null}. */
    default ParsedAhead parsedAhead() {
        return null;
    }
}
