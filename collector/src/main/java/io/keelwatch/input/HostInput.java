package io.keelwatch.input;

/**
 * Everything the agent consumes from the host, as it was received. The pipeline's core turns a
 * sequence of these into alerts and nothing else, so recording them (the journal) and feeding them
 * back (replay) gives the same alerts on any machine. Byte arrays are owned by the input once built:
 * nobody writes to them afterwards.
 */
public sealed interface HostInput {

    /** Wall-clock receive time in ms since the epoch (replay uses it as the virtual clock for ticks). */
    long receivedAtMs();

    /** One auditd log line (RAW or ENRICHED), without its newline. {@code source} names the file. */
    record AuditLine(long receivedAtMs, String source, byte[] line) implements HostInput { }

    /** One netlink audit message: the numeric record type and the payload starting at {@code audit(}. */
    record AuditNetlink(long receivedAtMs, int type, byte[] payload) implements HostInput { }

    /** One Docker events-stream message as JSON. */
    record DockerEvent(long receivedAtMs, String json) implements HostInput { }

    /**
     * One lifecycle event of another container runtime, as JSON: containerd's events envelope
     * ({@code source} = {@code containerd}) or a CRI {@code ContainerEventResponse} ({@code source} =
     * {@code cri NAME}); {@code RuntimeEventDecoder} reads both.
     */
    record RuntimeEvent(long receivedAtMs, String source, String json) implements HostInput { }

    /**
     * The answer to one live lookup (an inspect document, a /proc or cgroup read), so that replay can
     * answer the same question the same way without the live host.
     *
     * @param kind  what was looked up, e.g. {@code docker.inspect}, {@code proc.cgroup}
     * @param key   the argument, e.g. a container id or a pid
     * @param value the answer as text, or {@code null} when there was none
     */
    record Lookup(long receivedAtMs, String kind, String key, String value) implements HostInput { }

    /** A clock tick: drives time-based work (event timeouts, windows, inventory checks). */
    record Tick(long receivedAtMs) implements HostInput { }

    /** Rules or configuration (re)loaded: {@code what} names it, {@code content} is the text. */
    record ConfigChange(long receivedAtMs, String what, String content) implements HostInput { }
}
