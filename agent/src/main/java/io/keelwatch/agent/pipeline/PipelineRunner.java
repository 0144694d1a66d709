package io.keelwatch.agent.pipeline;

import io.keelwatch.audit.Received;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;

/**
 * The core's thread: takes inputs from the queue in order, shows each to the recorder (the journal),
 * then to the core. The only thread that touches the core.
 */
public final class PipelineRunner implements Runnable {
    private static final Logger LOG = System.getLogger(PipelineRunner.class.getName());

    private final InputQueue queue;
    private final InputRecorder recorder;
    private final PipelineCore core;
    private final LookupLog lookups;
    private final Runnable heartbeat;
    private volatile boolean running = true;
    private volatile boolean finished;

    /** @param lookups live lookup answers to record between inputs, or {@code null} */
    public PipelineRunner(InputQueue queue, InputRecorder recorder, PipelineCore core, LookupLog lookups) {
        this(queue, recorder, core, lookups, () -> { });
    }

    /**
     * @param heartbeat called on every turn of the loop (at least every 100 ms while the core is healthy), on this
     *                  thread: the systemd watchdog's pings come from here, so a wedged core stops them
     */
    public PipelineRunner(InputQueue queue, InputRecorder recorder, PipelineCore core, LookupLog lookups,
                          Runnable heartbeat) {
        this.queue = queue;
        this.recorder = recorder;
        this.core = core;
        this.lookups = lookups == null ? new LookupLog() : lookups;
        this.heartbeat = heartbeat;
    }

    @Override
    public void run() {
        try {
            while (running || queue.depth() > 0) {
                Received in = queue.poll(100);
                lookups.drainTo(recorder);
                if (in != null) {
                    recorder.record(in.input());
                    core.accept(in);
                }
                heartbeat.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "pipeline core stopped: " + e, e);
            throw e;
        } finally {
            core.finish();
            lookups.drainTo(recorder);
            finished = true;
        }
    }

    /** Asks the runner to drain what is queued, finish the core and return. */
    public void stop() {
        running = false;
    }

    public boolean finished() {
        return finished;
    }
}
