package io.keelwatch.container;

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

    /** A container was created or started, found running at start, or its configuration changed. */
    void running(ContainerInfo info);

    /** A container died or was destroyed. */
    void stopped(ContainerInfo info);
}
