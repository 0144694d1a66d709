package io.keelwatch.agent.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The agent's whole configuration, immutable. Built by {@link ConfigLoader} from the embedded defaults,
 * the YAML file and the command-line flags, in that order. Paths that default to a place under
 * {@code data_dir} are already resolved here; a {@code null} path means the feature is off.
 *
 * @param host     the name alerts carry as {@code host}/{@code instance}
 * @param dataDir  where the agent keeps its state (alerts file, outbox, journal, checkpoints)
 */
public record AgentConfig(String host, Path dataDir, Audit audit, Docker docker, Rules rules, Pipeline pipeline,
                          Alerts alerts, Alertmanager alertmanager, Metrics metrics, Journal journal, Log log,
                          Runtimes runtimes) {

    /** Where audit records come from. */
    public enum AuditSource { AUTO, FILE, NETLINK, MULTICAST, NONE }

    /**
     * @param source          {@code auto}: the auditd log when auditd runs, the netlink socket (unicast) otherwise
     * @param logFile         the auditd log the {@code file} source tails
     * @param checkpointFile  where the file source keeps its read position
     * @param backlogLimit    kernel backlog limit set in unicast mode
     * @param backlogWaitTime kernel backlog wait set in unicast mode (0 = never stall audited tasks)
     * @param loadRules       whether unicast mode loads the audit rules the rule pack needs
     * @param excludeSelf     exclude the agent's own pid in the rules it loads and drop its own events
     * @param deepRules       when the tier-2 audit rules (write-intent opens) are in the kernel: the only way to
     *                        see a container write procfs/cgroupfs knobs (core_pattern, release_agent) of its own
     *                        mounts, at the cost of auditing every successful write-open on the host
     */
    public record Audit(AuditSource source, Path logFile, Path checkpointFile, int backlogLimit,
                        Duration backlogWaitTime, boolean loadRules, boolean excludeSelf,
                        DeepRules deepRules) { }

    /**
     * When the agent keeps the tier-2 audit rules loaded, in either audit mode (it adds and removes them itself,
     * under their own key, through a netlink control socket).
     */
    public enum DeepRules {
        /** While at least one created or running container can write kernel knobs or cgroup files. */
        AUTO,
        /** For as long as the agent runs. */
        ALWAYS,
        /** Never. */
        NEVER;

        /** {@code auto}, {@code true} or {@code false}, as written in the config. */
        public static DeepRules parse(String s) {
            return switch (s) {
                case "auto" -> AUTO;
                case "true" -> ALWAYS;
                case "false" -> NEVER;
                default -> throw new IllegalArgumentException("expected auto, true or false, got '" + s + "'");
            };
        }
    }

    /** @param socket the Docker socket; when absent the agent runs without container metadata */
    public record Docker(Path socket) { }

    /**
     * Container runtimes besides Docker. Each list holds the socket paths to try, the first that exists
     * being used (any subset may exist on a node; none is an error); an empty list turns that runtime off.
     *
     * @param containerd      containerd's sockets: its own API and its CRI plugin ({@code runtimes.containerd})
     * @param crio            CRI-O's sockets: the CRI runtime service ({@code runtimes.crio})
     * @param criPollInterval how often a CRI runtime without an events stream is polled for changes
     */
    public record Runtimes(Runtime containerd, Runtime crio, Duration criPollInterval) {
        public static final List<Path> CONTAINERD_DEFAULTS = List.of(Path.of("/run/containerd/containerd.sock"),
                Path.of("/var/run/containerd/containerd.sock"), Path.of("/run/k3s/containerd/containerd.sock"));
        public static final List<Path> CRIO_DEFAULTS = List.of(Path.of("/run/crio/crio.sock"),
                Path.of("/var/run/crio/crio.sock"));

        public List<Path> containerdSockets() {
            return containerd.sockets();
        }

        public List<Path> crioSockets() {
            return crio.sockets();
        }
    }

    /** One runtime's sockets, tried in order (the first that exists is used); empty turns the runtime off. */
    public record Runtime(List<Path> sockets) {
        public Runtime {
            sockets = List.copyOf(sockets);
        }
    }

    /**
     * @param paths             rule files and directories, later ones overriding earlier; empty = the shipped pack
     * @param inventoryInterval how often inventory rules run over the running containers
     */
    /**
     * @param defaultPack whether the shipped pack loads first ({@code rules.default_pack})
     * @param localDir    the local rules directory read after the pack, or {@code null} ({@code rules.local_dir})
     * @param paths       further rule files and directories, read last ({@code rules.paths})
     */
    public record Rules(List<Path> paths, Duration inventoryInterval, boolean defaultPack, Path localDir) {
        public Rules {
            paths = List.copyOf(paths);
        }
    }

    /** What a full input queue does: make the source wait, or drop the input and count it. */
    public enum Overflow { BLOCK, DROP }

    /**
     * @param queueCapacity     inputs waiting in front of the pipeline core
     * @param auditOverflow     what a full queue does to audit input
     * @param eventTimeout      an audit event with no terminal record is closed after this much log time
     * @param processTableMax   processes the process table keeps before evicting the oldest exited ones
     * @param containerCacheMax containers kept in the container cache
     */
    public record Pipeline(int queueCapacity, Overflow auditOverflow, Duration eventTimeout, int processTableMax,
                           int containerCacheMax) { }

    /**
     * @param stdout         write alerts as JSON lines on stdout
     * @param file           the JSON lines file, or {@code null} for none
     * @param minPriority    alerts below this priority are not emitted (Falco priorities)
     * @param throttleWindow repeats of one alert (rule + container + key fields) inside this window are folded
     * @param throttleMaxKeys distinct alert keys tracked for folding
     * @param ignoreFields   fields left out of the repeat key (they change on every repeat)
     * @param format         {@code keelwatch} or {@code falco} (Falco's JSON output), for stdout, the file and HTTP
     * @param http           the HTTP output
     */
    public record Alerts(boolean stdout, Path file, String minPriority, Duration throttleWindow,
                         int throttleMaxKeys, List<String> ignoreFields, String format, Http http) {
        public Alerts {
            ignoreFields = List.copyOf(ignoreFields);
        }
    }

    /**
     * Each alert POSTed as one JSON document (falcosidekick, or any webhook), with the Alertmanager
     * sender's outbox, TLS and auth.
     *
     * @param url             where to post, or {@code null} for no HTTP output
     * @param timeout         per request
     * @param caFile          PEM CA bundle for https, or {@code null} for the JVM's trust store
     * @param insecureSkipVerify accept any server certificate (testing only)
     * @param username        basic auth user, or empty
     * @param passwordFile    basic auth password file, or {@code null}
     * @param bearerTokenFile bearer token file, or {@code null}
     * @param outboxDir       where alerts wait for delivery
     * @param outboxMax       alerts waiting before the oldest are dropped (counted)
     */
    public record Http(URI url, Duration timeout, Path caFile, boolean insecureSkipVerify, String username,
                       Path passwordFile, Path bearerTokenFile, Path outboxDir, int outboxMax) { }

    /**
     * @param urls            Alertmanager base URLs (every one gets every alert); empty = no Alertmanager
     * @param resendInterval  active alerts are re-posted this often; {@code endsAt} is four intervals ahead
     * @param holdFor         an alert stays active this long after its last occurrence, then resolves
     * @param timeout         per request
     * @param caFile          PEM CA bundle for https, or {@code null} for the JVM's trust store
     * @param insecureSkipVerify accept any server certificate (testing only)
     * @param username        basic auth user, or empty
     * @param passwordFile    basic auth password file, or {@code null}
     * @param bearerTokenFile bearer token file, or {@code null}
     * @param outboxDir       where alerts wait for delivery
     * @param outboxMax       alerts waiting per Alertmanager before the oldest are dropped (counted)
     * @param labels          extra labels added to every alert
     */
    public record Alertmanager(List<URI> urls, Duration resendInterval, Duration holdFor, Duration timeout,
                               Path caFile, boolean insecureSkipVerify, String username, Path passwordFile,
                               Path bearerTokenFile, Path outboxDir, int outboxMax, Map<String, String> labels) {
        public Alertmanager {
            urls = List.copyOf(urls);
            labels = Map.copyOf(labels);
        }
    }

    /** @param listen {@code host:port} of the /metrics endpoint, or {@code null} for none */
    public record Metrics(String listen) { }

    /**
     * @param enabled record every input
     * @param dir     the journal directory
     * @param roll    {@code hourly} or {@code daily}
     * @param maxAge  cycles older than this are deleted
     * @param maxSize total size kept, in bytes
     */
    public record Journal(boolean enabled, Path dir, String roll, Duration maxAge, long maxSize) { }

    /** @param level {@code error}, {@code warning}, {@code info} or {@code debug} */
    public record Log(String level) { }
}
