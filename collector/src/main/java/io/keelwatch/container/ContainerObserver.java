package io.keelwatch.container;

import java.util.List;

/**
 * Told of each change to what the registry knows of running containers, on the thread that applies
 * runtime input (the pipeline's). Consumers that act on the host (audit coverage) or evaluate
 * container rules hang off this; it never changes what the registry knows.
 */
public interface ContainerObserver {
    ContainerObserver NONE = new ContainerObserver() {
        @Override
        public void running(ContainerInfo info) { }

        @Override
        public void stopped(ContainerInfo info) { }
    };

    /** Tells each of {@code observers}, in order (the registry holds one observer). */
    static ContainerObserver all(List<ContainerObserver> observers) {
        List<ContainerObserver> copy = List.copyOf(observers);
        return new ContainerObserver() {
            @Override
            public void running(ContainerInfo info) {
                copy.forEach(o -> o.running(info));
            }

            @Override
            public void stopped(ContainerInfo info) {
                copy.forEach(o -> o.stopped(info));
            }
        };
    }

    /** A container was created or started, found running at start, or its configuration changed. */
    void running(ContainerInfo info);

    /** A container died or was destroyed. */
    void stopped(ContainerInfo info);
}
