package io.keelwatch.agent.daemon;

import io.keelwatch.alert.Alert;
import io.keelwatch.alert.AlertSink;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.LongAdder;

/** Keeps one failing sink (a full disk under the alerts file) from stopping the others; failures are counted. */
final class CountingSink implements AlertSink {
    private static final Logger LOG = System.getLogger(CountingSink.class.getName());

    private final String name;
    private final AlertSink sink;
    private final LongAdder failures = new LongAdder();

    CountingSink(String name, AlertSink sink) {
        this.name = name;
        this.sink = sink;
    }

    @Override
    public void accept(Alert alert) {
        try {
            sink.accept(alert);
        } catch (RuntimeException e) {
            if (failures.sum() == 0) {
                LOG.log(Level.ERROR, "alert sink " + name + " failed: " + e);
            }
            failures.increment();
        }
    }

    String name() {
        return name;
    }

    long failuresTotal() {
        return failures.sum();
    }
}
