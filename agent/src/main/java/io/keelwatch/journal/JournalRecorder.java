package io.keelwatch.journal;

import io.keelwatch.agent.config.AgentConfig;
import io.keelwatch.agent.pipeline.InputRecorder;
import io.keelwatch.event.HostInput;
import java.io.IOException;
import java.util.Locale;

/**
 * The journal as the pipeline's {@link InputRecorder}: every input the core takes is appended before
 * the core sees it. Called on the core's thread only. Metrics read {@link #stats()} from any thread:
 * a snapshot published on every tick and every drop.
 */
public final class JournalRecorder implements InputRecorder, AutoCloseable {

    private final JournalWriter writer;
    private volatile JournalStats published;

    private JournalRecorder(JournalWriter writer) {
        this.writer = writer;
        this.published = writer.stats();
    }

    public static JournalRecorder open(JournalConfig config) throws IOException {
        return new JournalRecorder(JournalWriter.open(config));
    }

    /** The journal the agent's config describes ({@code journal:} section). */
    public static JournalRecorder open(AgentConfig.Journal config) throws IOException {
        return open(configOf(config));
    }

    /** The writer settings for the agent's {@code journal:} section; the rest keep their defaults. */
    public static JournalConfig configOf(AgentConfig.Journal config) {
        RollPeriod roll = RollPeriod.valueOf(config.roll().toUpperCase(Locale.ROOT));
        return JournalConfig.defaults(config.dir()).withRoll(roll).withRetention(config.maxAge(), config.maxSize());
    }

    @Override
    public void record(HostInput input) {
        boolean written = writer.append(input);
        if (!written || input instanceof HostInput.Tick) {
            published = writer.stats();
        }
    }

    /** Counters as of the last tick or drop (drops, disk-full flag, fsync point). */
    public JournalStats stats() {
        return published;
    }

    /** Forces an fsync point now (shutdown). */
    public void sync() {
        writer.sync();
    }

    @Override
    public void close() {
        writer.close();
        published = writer.stats();
    }
}
