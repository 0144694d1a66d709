package io.keelwatch.journal;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;

/** How often the journal starts a new cycle file (UTC boundaries). */
public enum RollPeriod {
    HOURLY(RollCycles.FAST_HOURLY),
    DAILY(RollCycles.FAST_DAILY);

    private final RollCycle cycle;

    RollPeriod(RollCycle cycle) {
        this.cycle = cycle;
    }

    RollCycle rollCycle() {
        return cycle;
    }

    /** The roll period whose Chronicle roll cycle this is, or null for a journal written otherwise. */
    static RollPeriod of(RollCycle rollCycle) {
        for (RollPeriod p : values()) {
            if (p.cycle.format().equals(rollCycle.format()) && p.cycle.lengthInMillis() == rollCycle.lengthInMillis()) {
                return p;
            }
        }
        return null;
    }

    /** Parses cycle file names ({@code 20261124-21F.cq4} without the suffix) of any Chronicle roll cycle. */
    static DateTimeFormatter fileNameFormat(RollCycle rollCycle) {
        return new DateTimeFormatterBuilder()
                .appendPattern(rollCycle.format())
                .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
                .parseDefaulting(ChronoField.MINUTE_OF_HOUR, 0)
                .parseDefaulting(ChronoField.SECOND_OF_MINUTE, 0)
                .toFormatter()
                .withZone(ZoneOffset.UTC);
    }

    /** Start of the cycle a file name stands for, in ms since the epoch. */
    static long cycleStartMs(RollCycle rollCycle, String baseName) {
        return LocalDateTime.parse(baseName, fileNameFormat(rollCycle)).toInstant(ZoneOffset.UTC).toEpochMilli();
    }
}
