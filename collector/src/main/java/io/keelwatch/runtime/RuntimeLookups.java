package io.keelwatch.runtime;

/**
 * The host lookups ({@link io.keelwatch.host.HostLookup} kinds) that carry container runtimes' answers
 * into the journal. Every answer is a JSON document the runtime's client composed from its gRPC answers
 * (protobuf's JSON form), read back by the runtime's description reader.
 */
public final class RuntimeLookups {
    /**
     * The runtime APIs this host offers, one per line: {@code containerd} (its own API) and
     * {@code cri NAME} (a CRI runtime service: {@code cri containerd}, {@code cri cri-o}); key = empty.
     */
    public static final String ENDPOINTS = "runtime.endpoints";
    /** {@code ContainerdClient.describe}; key = container id. */
    public static final String CONTAINERD_CONTAINER = "containerd.container";
    /** Ids of containerd's running tasks (all namespaces but Docker's), one per line; key = empty. */
    public static final String CONTAINERD_RUNNING = "containerd.running";
    /** {@code CriClient.describe}; key = {@code RUNTIME/ID}. */
    public static final String CRI_CONTAINER = "cri.container";
    /** Ids of a CRI runtime's running containers, one per line; key = the runtime's name. */
    public static final String CRI_RUNNING = "cri.running";

    /** The line of {@link #ENDPOINTS} for containerd's own API. */
    public static final String CONTAINERD_ENDPOINT = "containerd";
    /** The prefix of {@link #ENDPOINTS} lines for CRI runtimes. */
    public static final String CRI_ENDPOINT = "cri ";

    private RuntimeLookups() { }
}
