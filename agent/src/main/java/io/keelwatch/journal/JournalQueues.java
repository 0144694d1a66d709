package io.keelwatch.journal;

import java.nio.file.Files;
import java.nio.file.Path;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

/** Opening journal directories the same way everywhere. */
final class JournalQueues {

    private JournalQueues() {
    }

    /** Chronicle must not phone home or print banners from a security agent. */
    static void quietChronicle() {
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
    }

    /**
     * Opens an existing journal for reading. Not read-only: a journal left by a killed writer has
     * an unfinished tail that only a writable queue can recover, and a copy is read in place.
     */
    static SingleChronicleQueue openForReading(Path dir) throws JournalFormatException {
        if (!Files.isDirectory(dir)) {
            throw new JournalFormatException(dir.toString(), "not a directory");
        }
        quietChronicle();
        SingleChronicleQueue q = SingleChronicleQueueBuilder.binary(dir)
                .rollCycle(detectRoll(dir).rollCycle())
                .build();
        if (q.firstCycle() == Integer.MAX_VALUE && !hasCycleFiles(dir)) {
            q.close();
            throw new JournalFormatException(dir.toString(), "no journal cycle files (*.cq4)");
        }
        return q;
    }

    /**
     * The roll period from the cycle file names: the queue's metadata file says it too, but a
     * journal copied without it must still read.
     */
    static RollPeriod detectRoll(Path dir) {
        try (var s = Files.newDirectoryStream(dir, "*" + CycleFile.SUFFIX)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                String base = name.substring(0, name.length() - CycleFile.SUFFIX.length());
                for (RollPeriod period : RollPeriod.values()) {
                    try {
                        RollPeriod.cycleStartMs(period.rollCycle(), base);
                        return period;
                    } catch (java.time.format.DateTimeParseException e) {
                        // not this one
                    }
                }
            }
        } catch (java.io.IOException e) {
            // fall through to the default
        }
        return RollPeriod.HOURLY;
    }

    static boolean hasCycleFiles(Path dir) {
        try (var s = Files.newDirectoryStream(dir, "*" + CycleFile.SUFFIX)) {
            return s.iterator().hasNext();
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
