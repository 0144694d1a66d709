package io.keelwatch.alert;

/** Where alerts go: JSON lines, Alertmanager, metrics, a test's list. Called from one thread. */
@FunctionalInterface
public interface AlertSink {
    void accept(Alert alert);

    /** Sends each alert to every sink in order. */
    static AlertSink all(java.util.List<AlertSink> sinks) {
        AlertSink[] a = sinks.toArray(new AlertSink[0]);
        return alert -> {
            for (AlertSink s : a) {
                s.accept(alert);
            }
        };
    }
}
