package io.keelwatch.replay;

import io.keelwatch.audit.Received;
import io.keelwatch.input.HostInput;
import java.io.IOException;
import java.time.Instant;

/**
 * Feeds a recording to the pipeline core the way the live agent fed it: same inputs, same order,
 * the recording's own times as the only clock (ticks are inputs), no live host.
 *
 * <p>Before {@code --from} everything is replayed as well (the alerts of that part are the caller's to
 * drop), so processes, containers and windows are as a full replay has them; a cold start skips the
 * audit input before it instead.
 *
 * <p>One reordering: a live core asks its host lookups while it consumes an input, and the journal
 * records each answer as a {@link HostInput.Lookup} right after that input. In replay the answers
 * must be there before the question is asked, so the lookups that follow an input are fed just
 * before it. Lookups are fed to the core like any input (its identity stage keeps them for the
 * replay host lookup).
 */
public final class ReplayDriver {

    private final ReplayTarget target;
    private final ReplayOptions options;
    private Received held;
    private long inputs;
    private long stateInputs;
    private long rulesReplaced;
    private long firstMs = -1;
    private long lastMs = -1;

    public ReplayDriver(ReplayTarget target, ReplayOptions options) {
        this.target = target;
        this.options = options;
    }

    /** Replays a journal directory. */
    public ReplayStats replay(JournalSource journal) throws IOException {
        long start = System.nanoTime();
        endMs = options.progress() == null ? -1 : journal.lastMs();
        giveRules(Long.MIN_VALUE);
        if (options.cold() && options.fromMs() != Long.MIN_VALUE) {
            journal.skipBefore(options.fromMs(), in -> {
                if (keep(in)) {
                    stateInputs++;
                    target.accept(in);
                }
            });
        }
        // A thread of its own reads the journal from here on, ahead of the core (the journal is closed with it).
        try (ReadAheadSource ahead = new ReadAheadSource(journal)) {
            run(ahead, start);
        }
        return stats(journal.corrupt(), start);
    }

    /** Replays a capture bundle: its inspect documents are answers known from the start. */
    public ReplayStats replay(CaptureBundle bundle, long tickMs) throws IOException {
        long start = System.nanoTime();
        try (ReadAheadSource s = new ReadAheadSource(bundle.inputs(tickMs))) {
            Received first = s.next();
            long t0 = first == null ? 0 : first.input().receivedAtMs();
            giveRules(t0);
            for (HostInput.Lookup l : bundle.inspectLookups(t0)) {
                target.accept(l);
                stateInputs++;
            }
            held = first;
            run(s, start);
        }
        return stats(0, start);
    }

    private void giveRules(long atMs) {
        if (options.rulesText() != null) {
            target.accept(new HostInput.ConfigChange(atMs == Long.MIN_VALUE ? 0 : atMs, ReplayOptions.RULES,
                    options.rulesText()));
        }
    }

    /** False for a recorded rules change when the replay brings its own rules. */
    private boolean keep(HostInput in) {
        if (options.rulesText() != null && in instanceof HostInput.ConfigChange c && ReplayOptions.RULES.equals(c.what())) {
            rulesReplaced++;
            return false;
        }
        return true;
    }

    /** The log time the replay ends at, when the source knows it (for the percentage in progress lines). */
    private long endMs = -1;

    private void run(ReadAheadSource source, long startNanos) throws IOException {
        long nextProgress = startNanos + options.progressEveryMs() * 1_000_000;
        Received r;
        while ((r = nextInput(source)) != null) {
            HostInput in = r.input();
            long t = in.receivedAtMs();
            if (options.cold() && t < options.fromMs()) {
                if (!(r.isAudit() || in instanceof HostInput.Tick) && keep(in)) {
                    stateInputs++;
                    target.accept(r);
                }
                continue;
            }
            if (t > options.toMs()) {
                break;
            }
            if (!(in instanceof HostInput.Lookup)) {
                // The answers to the questions this input raises were recorded right after it.
                Received next;
                while ((next = source.next()) != null && next.input() instanceof HostInput.Lookup) {
                    feed(next);
                }
                held = next;
            }
            if (keep(in)) {
                feed(r);
            }
            if (options.progress() != null && (inputs & 0xfff) == 0) {
                long now = System.nanoTime();
                if (now >= nextProgress) {
                    nextProgress = now + options.progressEveryMs() * 1_000_000;
                    progress(source, now - startNanos);
                }
            }
        }
        target.finish();
    }

    private Received nextInput(ReadAheadSource source) throws IOException {
        if (held != null) {
            Received h = held;
            held = null;
            return h;
        }
        return source.next();
    }

    private void feed(Received r) {
        long at = r.input().receivedAtMs();
        if (firstMs < 0) {
            firstMs = at;
        }
        lastMs = at;
        inputs++;
        target.accept(r);
    }

    private void progress(ReadAheadSource source, long elapsedNanos) {
        long end = Math.min(endMs, options.toMs());
        // a journal knows its last log time; a capture bundle tells the share of its files' bytes read
        double share = endMs <= 0 || firstMs < 0 || end <= firstMs ? source.shareRead()
                : Math.min(1.0, (lastMs - firstMs) / (double) (end - firstMs));
        String pct = share < 0 ? "" : String.format(" (%.0f%%)", share * 100);
        options.progress().printf("replay %s: %,d inputs, log time %s%s, %,.0f inputs/s%n", source.describe(), inputs,
                Instant.ofEpochMilli(lastMs), pct, inputs * 1e9 / Math.max(1, elapsedNanos));
    }

    private ReplayStats stats(long corrupt, long startNanos) {
        return new ReplayStats(inputs, stateInputs, rulesReplaced, corrupt, firstMs, lastMs, System.nanoTime() - startNanos);
    }
}
