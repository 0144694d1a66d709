package io.keelwatch.alert.http;

import io.keelwatch.alert.Alert;
import io.keelwatch.alert.AlertFormat;
import io.keelwatch.alert.AlertSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * The HTTP output: each alert, rendered in the configured format, goes into the outbox (on disk before
 * {@link #accept} returns) and one sender thread posts it. With {@code format: falco} and
 * falcosidekick's URL, Keelwatch feeds every output falcosidekick has.
 */
public final class HttpForwarder implements AlertSink, AutoCloseable {
    static final long MIN_BACKOFF_MS = 1000;
    static final long MAX_BACKOFF_MS = 60_000;

    private final AlertFormat format;
    private final WebhookSender sender;
    private final LongAdder outboxErrors = new LongAdder();
    private Thread thread;

    public HttpForwarder(URI url, HttpTransport.Options options, AlertFormat format, Path outboxDir, int outboxMax)
            throws IOException, GeneralSecurityException {
        this.format = format;
        this.sender = new WebhookSender(new WebhookClient(url, options), HttpOutbox.open(outboxDir, outboxMax),
                new Backoff(MIN_BACKOFF_MS, MAX_BACKOFF_MS, new SplittableRandom()));
    }

    public void start() {
        thread = new Thread(sender, "http-output");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void accept(Alert alert) {
        try {
            sender.outbox().put(format.line(alert).getBytes(StandardCharsets.UTF_8));
        } catch (UncheckedIOException e) {
            outboxErrors.increment();
        }
    }

    public WebhookSender sender() {
        return sender;
    }

    /** Alerts that could not be written to the outbox (disk full, permissions): lost, and counted. */
    public long outboxErrorsTotal() {
        return outboxErrors.sum();
    }

    @Override
    public void close() throws InterruptedException {
        sender.stop();
        if (thread != null) {
            thread.interrupt();
            thread.join(5000);
        }
    }
}
