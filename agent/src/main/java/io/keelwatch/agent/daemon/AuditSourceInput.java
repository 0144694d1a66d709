package io.keelwatch.agent.daemon;

import io.keelwatch.agent.config.AgentConfig;
import io.keelwatch.agent.pipeline.InputQueue;
import io.keelwatch.agent.pipeline.InputSource;
import io.keelwatch.audit.Received;
import io.keelwatch.audit.source.AuditSource;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;

/**
 * Runs an audit source on its own thread into the queue, waiting or dropping (counted) when it is full. The
 * source parses on this thread, so the queue carries each record already parsed.
 */
final class AuditSourceInput implements InputSource {
    private static final Logger LOG = System.getLogger(AuditSourceInput.class.getName());

    private final AuditSource source;
    private final AgentConfig.Overflow overflow;
    private volatile boolean running = true;
    private Thread thread;

    AuditSourceInput(AuditSource source, AgentConfig.Overflow overflow) {
        this.source = source;
        this.overflow = overflow;
    }

    @Override
    public String name() {
        return source.describe();
    }

    @Override
    public void start(InputQueue queue) {
        thread = new Thread(() -> {
            try {
                while (running) {
                    Received in = source.next(200);
                    if (in == null) {
                        continue;
                    }
                    if (overflow == AgentConfig.Overflow.BLOCK) {
                        queue.put(in);
                    } else {
                        queue.offer(in);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.ERROR, "audit source " + source.describe() + " stopped: " + e);
            }
        }, "audit-source");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void coreFinished() {
        source.consumerFinished();
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            source.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing " + source.describe() + ": " + e);
        }
    }

    AuditSource source() {
        return source;
    }
}
