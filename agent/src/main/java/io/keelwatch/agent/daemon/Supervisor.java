package io.keelwatch.agent.daemon;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Knows the agent's parts (the core, each source, the senders, the metrics server) and their threads, and tells
 * when one dies, so the daemon ends with a non-zero exit and systemd or the kubelet restarts it rather than
 * leave an agent that runs without eyes.
 *
 * <p>A part's threads are those it starts from {@link #start} or from inside {@link #adopt}: each part has its
 * own thread group, which every thread created by a thread of the group joins (the JDK's rule), so the threads
 * a source, a stream client or an HTTP server starts for itself are the part's without that code knowing of the
 * supervisor. A part dies when one of its threads lets a {@link Throwable} out, or when a thread it had when
 * started ends while the agent runs (a loop that logged its error and returned). Once {@link #stopping()} is
 * called, threads ending are the shutdown, not deaths.
 */
final class Supervisor implements AutoCloseable {
    private static final Logger LOG = System.getLogger(Supervisor.class.getName());
    /** How often the threads whose end is a death are looked at. */
    static final long WATCH_MS = 100;

    /** One part: its thread group, the threads whose end is a death, and whether it died. */
    private final class Part extends ThreadGroup {
        final String part;
        final List<Thread> watched = new CopyOnWriteArrayList<>();
        volatile boolean dead;

        Part(String part) {
            super("part-" + part);
            this.part = part;
        }

        @Override
        public void uncaughtException(Thread t, Throwable e) {
            LOG.log(Level.ERROR, "thread " + t.getName() + " of " + part + " died", e);
            died(this, "thread " + t.getName() + " of " + part + " died: " + e);
        }
    }

    private final Map<String, Part> parts = new LinkedHashMap<>();
    private final AtomicReference<String> firstDeath = new AtomicReference<>();
    private volatile Consumer<String> fatal = reason -> { };
    private volatile boolean stopping;
    private final Thread watcher;

    Supervisor() {
        watcher = new Thread(this::watch, "supervisor");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Starts {@code body} on a new thread of {@code part}; its end, or a throw out of it, is the part's death. */
    Thread start(String part, String threadName, boolean daemon, Runnable body) {
        Part p = part(part);
        Thread t = new Thread(p, body, threadName);
        t.setDaemon(daemon);
        t.start();
        p.watched.add(t);   // after start: a thread not yet started is not alive either
        return t;
    }

    /**
     * Runs {@code start} (a part's own start method) on a thread of {@code part}'s group and waits for it: the
     * threads it leaves running are watched, and any thread they start later is the part's too.
     *
     * @return what {@code start} returned
     * @throws Exception what {@code start} threw
     */
    <T> T adopt(String part, Callable<T> start) throws Exception {
        Part p = part(part);
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread starter = new Thread(p, () -> {
            try {
                result.set(start.call());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "start-" + part);
        // a daemon, as the parts' threads are: a start that wants daemon threads (the metrics server's) then
        // makes them directly, not through a helper thread that would end, and look like a death, just after
        starter.setDaemon(true);
        starter.start();
        starter.join();
        Throwable e = failure.get();
        if (e instanceof Exception x) {
            throw x;
        } else if (e instanceof Error x) {
            throw x;
        } else if (e != null) {
            throw new IllegalStateException("starting " + part, e);
        }
        Thread[] threads = new Thread[p.activeCount() + 8];
        int n = p.enumerate(threads, false);
        for (int i = 0; i < n; i++) {
            if (threads[i] != starter) {
                p.watched.add(threads[i]);
            }
        }
        return result.get();
    }

    private synchronized Part part(String part) {
        String name = part;
        for (int i = 2; parts.containsKey(name); i++) {
            name = part + "#" + i;   // two sources of one name: each its own series
        }
        Part p = new Part(name);
        parts.put(name, p);
        return p;
    }

    /**
     * Who is told, once, when a part died (with what happened); at once when one died already. The daemon stops
     * there with a non-zero exit.
     */
    void onFatal(Consumer<String> handler) {
        fatal = handler;
        String first = firstDeath.get();
        if (first != null) {
            handler.accept(first);
        }
    }

    /** The agent is stopping: threads that end from now on are the shutdown, not deaths. */
    void stopping() {
        stopping = true;
    }

    /** Each part by name, 1 while it runs, 0 once it died (the {@code keelwatch_up} series). */
    synchronized Map<List<String>, Integer> up() {
        Map<List<String>, Integer> out = new LinkedHashMap<>();
        parts.forEach((name, p) -> out.put(List.of(name), p.dead ? 0 : 1));
        return out;
    }

    private void died(Part p, String reason) {
        if (stopping || p.dead) {
            return;
        }
        p.dead = true;
        LOG.log(Level.ERROR, "part " + p.part + " died, the agent stops: " + reason);
        if (firstDeath.compareAndSet(null, reason)) {
            try {
                fatal.accept(reason);
            } catch (RuntimeException e) {
                // the watcher must outlive a handler that fails; the death itself is logged above
                LOG.log(Level.ERROR, "telling of the death of " + p.part + " failed", e);
            }
        }
    }

    private void watch() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                List<Part> now;
                synchronized (this) {
                    now = new ArrayList<>(parts.values());
                }
                for (Part p : now) {
                    for (Thread t : p.watched) {
                        if (!t.isAlive()) {
                            died(p, "thread " + t.getName() + " of " + p.part + " ended");
                        }
                    }
                }
                Thread.sleep(WATCH_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopping = true;
        watcher.interrupt();
    }
}
