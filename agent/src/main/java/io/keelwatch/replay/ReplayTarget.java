package io.keelwatch.replay;

import io.keelwatch.audit.Received;
import io.keelwatch.input.HostInput;

/** What a replay feeds: the pipeline core (or, in tests, anything that consumes inputs in order). */
public interface ReplayTarget {

    /** One input with its parse (audit inputs are parsed by the reader ahead of the target). */
    void accept(Received input);

    /** An input that is not an audit record. */
    default void accept(HostInput input) {
        accept(Received.of(input));
    }

    /** End of the inputs: close open events and release folded alerts. */
    void finish();
}
