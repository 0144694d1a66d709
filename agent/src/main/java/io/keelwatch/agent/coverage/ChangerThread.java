package io.keelwatch.agent.coverage;

/** The thread a kernel-rule changer runs on: a daemon (the agent's stop decides), joined with a bound at close. */
final class ChangerThread {
    /** How long a close waits for the thread to take its rules out. */
    static final long JOIN_MS = 15_000;

    private ChangerThread() { }

    static Thread start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits up to {@link #JOIN_MS} for the thread to end; true when it did. */
    static boolean join(Thread t) {
        try {
            t.join(JOIN_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !t.isAlive();
    }
}
