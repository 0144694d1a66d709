package io.keelwatch.agent.pipeline;

import io.keelwatch.input.HostInput;

/**
 * Sees every input the pipeline core takes, in the order it takes them, before the core does: the
 * journal plugs in here. Called on the core's thread; must not block for long.
 */
@FunctionalInterface
public interface InputRecorder {
    InputRecorder NONE = input -> { };

    void record(HostInput input);
}
