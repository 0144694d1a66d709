package io.keelwatch.agent.pipeline;

import io.keelwatch.input.HostInput;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * Collects live lookup answers (from the recording host lookup) so that the runner records them on its
 * own thread, right after the input whose handling asked for them (answers given at start-up, before any
 * input, come first). Keeps the recorder single-threaded, as the journal requires.
 */
public final class LookupLog implements Consumer<HostInput.Lookup> {
    private final ConcurrentLinkedQueue<HostInput.Lookup> pending = new ConcurrentLinkedQueue<>();

    @Override
    public void accept(HostInput.Lookup answer) {
        pending.add(answer);
    }

    /** Hands every collected answer to the recorder, oldest first. */
    public void drainTo(InputRecorder recorder) {
        for (HostInput.Lookup l; (l = pending.poll()) != null; ) {
            recorder.record(l);
        }
    }
}
