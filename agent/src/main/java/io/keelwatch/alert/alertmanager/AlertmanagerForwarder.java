package io.keelwatch.alert.alertmanager;

import io.keelwatch.alert.Alert;
import io.keelwatch.alert.AlertSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The Alertmanager side of the agent: each alert goes into the outbox of every configured Alertmanager
 * (written to disk before {@link #accept} returns), and one sender thread per Alertmanager delivers.
 */
public final class AlertmanagerForwarder implements AlertSink, AutoCloseable {
    private final Map<String, String> extraLabels;
    private final List<AlertmanagerSender> senders = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final LongAdder outboxErrors = new LongAdder();

    /**
     * @param outboxRoot each Alertmanager gets a directory below it, named after its URL
     * @param clock      wall clock in ms (resends and resolution are about real time)
     */
    public AlertmanagerForwarder(List<URI> urls, AlertmanagerClient.Options options, Path outboxRoot, int outboxMax,
                                 Duration resend, Duration holdFor, Map<String, String> extraLabels,
                                 LongSupplier clock) throws IOException, GeneralSecurityException {
        this.extraLabels = Map.copyOf(extraLabels);
        for (URI u : urls) {
            Outbox o = Outbox.open(outboxRoot.resolve(dirName(u)), outboxMax);
            senders.add(new AlertmanagerSender(u, new AlertmanagerClient(u, options), o, resend, holdFor, clock));
        }
    }

    /** Starts the sender threads. */
    public void start() {
        for (AlertmanagerSender s : senders) {
            Thread t = new Thread(s, "alertmanager-" + s.url().getHost() + ":" + s.url().getPort());
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
    }

    @Override
    public void accept(Alert alert) {
        AmAlert a = AmAlert.of(alert, extraLabels);
        for (AlertmanagerSender s : senders) {
            try {
                s.outbox().put(a);
            } catch (UncheckedIOException e) {
                outboxErrors.increment();
            }
        }
    }

    public List<AlertmanagerSender> senders() {
        return List.copyOf(senders);
    }

    /** Alerts that could not be written to an outbox (disk full, permissions): lost, and counted. */
    public long outboxErrorsTotal() {
        return outboxErrors.sum();
    }

    @Override
    public void close() throws InterruptedException {
        for (AlertmanagerSender s : senders) {
            s.stop();
        }
        for (Thread t : threads) {
            t.interrupt();
            t.join(5000);
        }
    }

    /** A readable, file-safe and unique directory name: host_port plus a hash of the whole URL. */
    static String dirName(URI u) {
        String hp = (u.getHost() + "_" + u.getPort()).replaceAll("[^A-Za-z0-9._-]", "_");
        return hp + "-" + io.keelwatch.alert.AlertKeys.hash(u.toString()).substring(0, 8);
    }

}
