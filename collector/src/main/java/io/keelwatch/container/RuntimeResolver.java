package io.keelwatch.container;

import java.util.List;

/**
 * Container runtimes besides Docker (containerd, CRI-O) as the container registry sees them: asked about
 * an id Docker does not know, and for the containers running at start. Implementations answer from
 * journaled host lookups, so a replay resolves the same ids the same way with no runtime present.
 */
public interface RuntimeResolver {
    RuntimeResolver NONE = new RuntimeResolver() {
        @Override
        public Resolved resolve(String id) {
            return null;
        }

        @Override
        public List<String> running() {
            return List.of();
        }
    };

    /** A container a runtime described, and whether it runs. */
    record Resolved(ContainerInfo info, boolean running) { }

    /** What a runtime says of this container id now, or {@code null} when none knows it. */
    Resolved resolve(String id);

    /** The ids of the containers the runtimes run now. */
    List<String> running();
}
