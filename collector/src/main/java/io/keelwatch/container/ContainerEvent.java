package io.keelwatch.container;

import java.util.Objects;

/**
 * Something that happened to a container, runtime-neutral: the collector turns the runtime's own events
 * (Docker's events stream and inspect answers) into these, and the container rules are evaluated on
 * them. Every one carries the container as it is known after the change, with what its image reference
 * resolves to now ({@link ContainerState}).
 *
 * <p>{@link #timeNs()} is the runtime's time of the event (ns since the epoch), or 0 when there is
 * none (a container found running when the agent started): the pipeline then dates the event by the
 * input it was found at, which is journaled, so replay dates it the same way.
 */
public sealed interface ContainerEvent {

    ContainerState state();

    long timeNs();

    /** The event's type as rules name it ({@code evt.type}). */
    String type();

    default ContainerInfo container() {
        return state().info();
    }

    /** Created (configuration known, not started yet). */
    record Created(ContainerState state, long timeNs) implements ContainerEvent {
        public Created {
            Objects.requireNonNull(state);
        }

        @Override
        public String type() {
            return "create";
        }
    }

    /** Started, restarted or unpaused. */
    record Started(ContainerState state, long timeNs) implements ContainerEvent {
        public Started {
            Objects.requireNonNull(state);
        }

        @Override
        public String type() {
            return "start";
        }
    }

    /** Found running when the agent started (or when the runtime's event stream came back). */
    record FoundRunning(ContainerState state, long timeNs) implements ContainerEvent {
        public FoundRunning {
            Objects.requireNonNull(state);
        }

        @Override
        public String type() {
            return "running";
        }
    }

    /** Its configuration changed while it exists ({@code docker update}). */
    record Updated(ContainerState state, long timeNs) implements ContainerEvent {
        public Updated {
            Objects.requireNonNull(state);
        }

        @Override
        public String type() {
            return "update";
        }
    }

    /** A session was opened into it from outside ({@code docker exec}); {@code session} null when unknown. */
    record ExecCreated(ContainerState state, ExecSession session, long timeNs) implements ContainerEvent {
        public ExecCreated {
            Objects.requireNonNull(state);
        }

        @Override
        public String type() {
            return "exec";
        }
    }

    /** Its main process exited. */
    record Died(ContainerState state, long timeNs) implements ContainerEvent {
        public Died {
            Objects.requireNonNull(state);
        }

        @Override
        public String type() {
            return "die";
        }
    }

    /**
     * An image was tagged, pulled, loaded or imported while this container runs: what its image
     * reference resolves to may have changed. {@code action} is the runtime's word for it.
     */
    record ImageChanged(ContainerState state, String action, long timeNs) implements ContainerEvent {
        public ImageChanged {
            Objects.requireNonNull(state);
            Objects.requireNonNull(action);
        }

        @Override
        public String type() {
            return "image";
        }
    }

    /** Told of every container event, on the thread that applies runtime input (the pipeline's). */
    @FunctionalInterface
    interface Listener {
        Listener NONE = e -> { };

        void on(ContainerEvent event);
    }
}
