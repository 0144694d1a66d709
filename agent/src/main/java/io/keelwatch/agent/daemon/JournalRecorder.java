package io.keelwatch.agent.daemon;

import io.keelwatch.agent.config.AgentConfig;
import io.keelwatch.agent.pipeline.InputRecorder;
import io.keelwatch.input.HostInput;
import io.keelwatch.journal.JournalConfig;
import io.keelwatch.journal.JournalStats;
import io.keelwatch.journal.JournalWriter;
import io.keelwatch.journal.RollPeriod;
import io.keelwatch.metrics.AgentMetrics;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The journal behind the pipeline's recorder hook. The writer is opened on the first input, on the
 * pipeline thread that then owns it (Chronicle appenders belong to one thread); a journal that cannot be
 * opened or written degrades to counted drops, never stops the agent.
 */
public final class JournalRecorder implements InputRecorder, AutoCloseable {
    private static final Logger LOG = System.getLogger(JournalRecorder.class.getName());

    private final JournalConfig config;
    private volatile JournalWriter writer;
    private volatile JournalStats stats;
    private volatile long unopened;
    private boolean failed;

    public JournalRecorder(AgentConfig.Journal j) {
        this.config = JournalConfig.defaults(j.dir()).withRoll(RollPeriod.valueOf(j.roll().toUpperCase(Locale.ROOT)))
                .withRetention(j.maxAge(), j.maxSize());
    }

    @Override
    public void record(HostInput input) {
        if (writer == null && !failed) {
            try {
                writer = JournalWriter.open(config);
                LOG.log(Level.INFO, "journal at " + config.dir());
            } catch (IOException | RuntimeException e) {
                failed = true;
                LOG.log(Level.ERROR, "journal " + config.dir() + " cannot be opened, inputs are not recorded: " + e);
            }
        }
        if (writer == null) {
            unopened++;
            return;
        }
        writer.append(input);
        if (input instanceof HostInput.Tick) {
            stats = writer.stats();
        }
    }

    /** Adds the journal's size and drops to the agent's metrics. */
    public void bind(AgentMetrics m) {
        m.journalSize().add(this::sizeOnDisk);
        m.dropped().add(List.of("journal", "disk_full"), () -> stats == null ? 0 : stats.droppedDiskFull());
        m.dropped().add(List.of("journal", "write_error"), () -> (stats == null ? 0 : stats.droppedError()) + unopened);
    }

    private double sizeOnDisk() {
        try (Stream<Path> s = Files.list(config.dir())) {
            return s.mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.close();
        }
    }
}
