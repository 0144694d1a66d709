package io.keelwatch.replay;

import io.keelwatch.event.HostInput;

/** What a replay feeds: the pipeline core (or, in tests, anything that consumes inputs in order). */
public interface ReplayTarget {

    void accept(HostInput input);

    /** End of the inputs: close open events and release folded alerts. */
    void finish();
}
