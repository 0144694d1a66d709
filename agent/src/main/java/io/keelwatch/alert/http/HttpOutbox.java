package io.keelwatch.alert.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The alerts an HTTP endpoint has not accepted yet, in order, one file per alert holding the exact
 * request body ({@code 0000000000000042.json}, written to a temporary name and renamed, so a crash
 * leaves either the whole body or nothing). Every alert is kept until a post of it succeeds, across
 * endpoint outages and agent restarts; beyond {@code max} the oldest are dropped and counted. A body the
 * endpoint refuses as such (a 4xx other than 408/429) is set aside as {@code .rejected}, counted, and
 * does not block the ones behind it. Thread-safe: the pipeline puts, the sender takes.
 */
public final class HttpOutbox {
    /** One alert waiting: its sequence number and the body to post. */
    public record Entry(long seq, byte[] body) { }

    private final Path dir;
    private final int max;
    private final Deque<Long> queue = new ArrayDeque<>();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private long nextSeq;

    private HttpOutbox(Path dir, int max) {
        this.dir = dir;
        this.max = max;
    }

    /** Opens (creating) the directory and takes up what a previous run left, oldest first. */
    public static HttpOutbox open(Path dir, int max) throws IOException {
        Files.createDirectories(dir);
        HttpOutbox o = new HttpOutbox(dir, max);
        List<Long> found = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                try {
                    found.add(Long.parseLong(n.substring(0, n.length() - ".json".length())));
                } catch (NumberFormatException e) {
                    // not ours: left alone
                }
            }
        }
        found.sort(null);
        o.queue.addAll(found);
        o.nextSeq = found.isEmpty() ? 1 : found.get(found.size() - 1) + 1;
        return o;
    }

    /** Stores one body; it is on disk when this returns. */
    public synchronized void put(byte[] body) {
        long seq = nextSeq++;
        Path tmp = dir.resolve(name(seq) + ".tmp");
        try {
            Files.write(tmp, body);
            Files.move(tmp, file(seq), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("outbox " + dir + ": " + e.getMessage(), e);
        }
        queue.addLast(seq);
        while (queue.size() > max) {
            delete(queue.pollFirst());
            dropped.increment();
        }
        notifyAll();
    }

    /** The oldest alert waiting, or {@code null}; it stays in the outbox until {@link #delivered} or {@link #reject}. */
    public synchronized Entry oldest() {
        while (!queue.isEmpty()) {
            long seq = queue.peekFirst();
            try {
                return new Entry(seq, Files.readAllBytes(file(seq)));
            } catch (IOException e) {
                // Removed behind our back: nothing left to send for it.
                queue.pollFirst();
                dropped.increment();
            }
        }
        return null;
    }

    /** The endpoint took it: its file goes. */
    public synchronized void delivered(Entry e) {
        if (queue.remove(e.seq())) {
            delete(e.seq());
        }
    }

    /** The endpoint refused it as such: kept aside as {@code .rejected} for a human, no longer sent. */
    public synchronized void reject(Entry e) {
        if (queue.remove(e.seq())) {
            rejected.increment();
            try {
                Files.move(file(e.seq()), dir.resolve(name(e.seq()) + ".rejected"), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException ex) {
                delete(e.seq());
            }
        }
    }

    /** Waits up to {@code ms} for a put. */
    public synchronized void awaitPut(long ms) throws InterruptedException {
        if (ms > 0 && queue.isEmpty()) {
            wait(ms);
        }
    }

    public synchronized int pending() {
        return queue.size();
    }

    public long droppedTotal() {
        return dropped.sum();
    }

    public long rejectedTotal() {
        return rejected.sum();
    }

    public Path dir() {
        return dir;
    }

    private Path file(long seq) {
        return dir.resolve(name(seq) + ".json");
    }

    private static String name(long seq) {
        return String.format("%016d", seq);
    }

    private void delete(long seq) {
        try {
            Files.deleteIfExists(file(seq));
        } catch (IOException e) {
            throw new UncheckedIOException("outbox " + dir + ": " + e.getMessage(), e);
        }
    }
}
