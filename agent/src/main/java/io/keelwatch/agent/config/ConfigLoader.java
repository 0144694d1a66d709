package io.keelwatch.agent.config;

import io.keelwatch.agent.config.AgentConfig.AuditSource;
import io.keelwatch.agent.config.AgentConfig.Overflow;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Builds an {@link AgentConfig}: embedded defaults, then the YAML file, then flags given as dotted keys
 * ({@code alerts.file=/tmp/a.jsonl}). Every default here is the one documented in
 * {@code packaging/keelwatch.yaml}. Unknown keys and bad values fail the load with their location.
 */
public final class ConfigLoader {
    /** The path {@code keelwatch run} reads when it exists and no {@code --config} is given. */
    public static final Path DEFAULT_FILE = Path.of("/etc/keelwatch/keelwatch.yaml");
    /** The value that turns off a path-valued feature ({@code alerts.file: off}). */
    public static final String OFF = "off";

    private ConfigLoader() { }

    /** The embedded defaults, as if an empty file were read. */
    public static AgentConfig defaults() {
        try {
            return parse("<defaults>", "", Map.of());
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a file (or only the defaults when {@code file} is null) and applies the overrides. */
    public static AgentConfig load(Path file, Map<String, String> overrides) throws ConfigException {
        if (file == null) {
            return parse("<defaults>", "", overrides);
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot read: " + e.getMessage()));
        }
        return parse(file.toString(), text, overrides);
    }

    public static AgentConfig parse(String name, String text, Map<String, String> overrides) throws ConfigException {
        return parse(name, compose(name, text), Origins.NONE, overrides);
    }

    /**
     * The layered load of {@code keelwatch run}: defaults, the file, the drop-ins of {@code dropIns} ({@code *.yaml}
     * by name; a missing directory adds nothing), the {@code KEELWATCH_SECTION_KEY} variables of {@code env}, then
     * {@code flags}. Each layer overrides the ones before it; a drop-in's mapping merges into the file's, any other
     * value (a list included) replaces. Problems name the file, variable or flag they come from.
     */
    public static AgentConfig load(Path file, Path dropIns, Map<String, String> env, Map<String, String> flags)
            throws ConfigException {
        String name = file == null ? "<defaults>" : file.toString();
        Node root = file == null ? null : compose(name, read(file));
        Map<Node, String> nodeFiles = new IdentityHashMap<>();
        for (Path d : ConfigLayers.dropIns(dropIns)) {
            Node over = compose(d.toString(), read(d));
            ConfigLayers.remember(over, d.toString(), nodeFiles);
            root = ConfigLayers.merge(root, over);
        }
        Map<String, String> labels = new HashMap<>();
        Map<String, String> overrides = new LinkedHashMap<>();
        List<String> envProblems = new ArrayList<>();
        ConfigLayers.fromEnvironment(env, overrides, labels, envProblems);
        if (!envProblems.isEmpty()) {
            throw new ConfigException(envProblems);
        }
        overrides.putAll(flags);
        flags.keySet().forEach(labels::remove);
        return parse(name, root, new Origins(nodeFiles, labels), overrides);
    }

    /** The drop-in directory beside a config file ({@code /etc/keelwatch/config.d} for the default one). */
    public static Path dropInDir(Path file) {
        Path dir = file == null ? DEFAULT_FILE.getParent() : file.toAbsolutePath().getParent();
        return dir.resolve("config.d");
    }

    private static String read(Path file) throws ConfigException {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot read: " + e.getMessage()));
        }
    }

    private static Node compose(String name, String text) throws ConfigException {
        try (Reader r = new StringReader(text)) {
            LoaderOptions opts = new LoaderOptions();
            opts.setAllowDuplicateKeys(true); // reported by YamlSection with a location instead
            return new Yaml(opts).compose(r);
        } catch (MarkedYAMLException e) {
            var m = e.getProblemMark();
            throw new ConfigException(List.of(name + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1) + ": "
                    + e.getProblem()));
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(List.of(name + ": " + e.getMessage()));
        }
    }

    private static AgentConfig parse(String name, Node root, Origins origins, Map<String, String> overrides)
            throws ConfigException {
        List<String> problems = new ArrayList<>();
        Set<String> used = new HashSet<>();
        YamlSection top = new YamlSection(name, "", root, problems, overrides, used, origins);
        AgentConfig config = read(top);
        top.finish();
        Set<String> unknownFlags = new TreeSet<>(overrides.keySet());
        unknownFlags.removeAll(used);
        for (String k : unknownFlags) {
            problems.add(origins.override(k) + ": unknown setting");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    private static AgentConfig read(YamlSection top) {
        String host = top.string("host", "");
        if (host.isEmpty()) {
            host = localHostName();
        }
        Path dataDir = top.value("data_dir", Path.of("/var/lib/keelwatch"), ConfigLoader::path);

        YamlSection a = top.section("audit");
        AgentConfig.Audit audit = new AgentConfig.Audit(
                a.value("source", AuditSource.AUTO, s -> enumOf(AuditSource.class, s)),
                a.value("log_file", Path.of("/var/log/audit/audit.log"), ConfigLoader::path),
                under(dataDir, a.string("checkpoint_file", ""), "audit.checkpoint"),
                a.integer("backlog_limit", 8192, 64, 1 << 24),
                a.value("backlog_wait_time", Duration.ZERO, ConfigLoader::duration),
                a.bool("load_rules", true),
                a.bool("exclude_self", true),
                a.value("deep_rules", AgentConfig.DeepRules.AUTO, AgentConfig.DeepRules::parse));
        a.finish();

        YamlSection d = top.section("docker");
        AgentConfig.Docker docker = new AgentConfig.Docker(
                optionalPath(d.string("socket", "/var/run/docker.sock")));
        d.finish();

        YamlSection r = top.section("rules");
        AgentConfig.Rules rules = new AgentConfig.Rules(
                r.list("paths", List.of(), ConfigLoader::path),
                r.value("inventory_interval", Duration.ofSeconds(60), ConfigLoader::positiveDuration),
                r.bool("default_pack", true),
                optionalPath(r.string("local_dir", "/etc/keelwatch/rules.d")));
        r.finish();

        YamlSection p = top.section("pipeline");
        AgentConfig.Pipeline pipeline = new AgentConfig.Pipeline(
                p.integer("queue_capacity", 65536, 16, 1 << 24),
                p.value("audit_overflow", Overflow.DROP, s -> enumOf(Overflow.class, s)),
                p.value("event_timeout", Duration.ofSeconds(2), ConfigLoader::positiveDuration),
                p.integer("process_table_max", 100_000, 1000, 1 << 24),
                p.integer("container_cache_max", 10_000, 10, 1 << 24));
        p.finish();

        YamlSection al = top.section("alerts");
        AgentConfig.Alerts alerts = new AgentConfig.Alerts(
                al.bool("stdout", true),
                under(dataDir, al.string("file", ""), "alerts.jsonl"),
                al.value("min_priority", "debug", ConfigLoader::priority),
                al.value("throttle_window", Duration.ofSeconds(60), ConfigLoader::duration),
                al.integer("throttle_max_keys", 10_000, 1, 1 << 24),
                al.strings("ignore_fields", List.of("evt.time", "evt.rawtime", "evt.num", "proc.pid", "proc.ppid",
                        "proc.vpid", "thread.tid")),
                al.value("format", "keelwatch", s -> oneOf(s, "keelwatch", "falco")),
                http(al.section("http"), dataDir));
        al.finish();

        YamlSection am = top.section("alertmanager");
        AgentConfig.Alertmanager alertmanager = new AgentConfig.Alertmanager(
                am.list("urls", List.of(), ConfigLoader::url),
                am.value("resend_interval", Duration.ofSeconds(60), ConfigLoader::positiveDuration),
                am.value("hold_for", Duration.ofMinutes(5), ConfigLoader::positiveDuration),
                am.value("timeout", Duration.ofSeconds(10), ConfigLoader::positiveDuration),
                optionalPath(am.string("ca_file", "")),
                am.bool("insecure_skip_verify", false),
                am.string("username", ""),
                optionalPath(am.string("password_file", "")),
                optionalPath(am.string("bearer_token_file", "")),
                under(dataDir, am.string("outbox_dir", ""), "outbox"),
                am.integer("outbox_max", 10_000, 1, 1 << 24),
                am.stringMap("labels"));
        am.finish();

        YamlSection m = top.section("metrics");
        String listen = m.value("listen", "127.0.0.1:9440", ConfigLoader::listenAddress);
        AgentConfig.Metrics metrics = new AgentConfig.Metrics(listen.equals(OFF) || listen.isEmpty() ? null : listen);
        m.finish();

        YamlSection j = top.section("journal");
        AgentConfig.Journal journal = new AgentConfig.Journal(
                j.bool("enabled", true),
                under(dataDir, j.string("dir", ""), "journal"),
                j.value("roll", "hourly", s -> oneOf(s, "hourly", "daily")),
                j.value("max_age", Duration.ofDays(7), ConfigLoader::positiveDuration),
                j.value("max_size", 10L << 30, ConfigLoader::size));
        j.finish();

        YamlSection l = top.section("log");
        AgentConfig.Log log = new AgentConfig.Log(l.value("level", "warning",
                s -> oneOf(s, "error", "warning", "info", "debug")));
        l.finish();

        return new AgentConfig(host, dataDir, audit, docker, rules, pipeline, alerts, alertmanager, metrics,
                journal, log, runtimes(top.section("runtimes")));
    }

    /** {@code runtimes:} containerd and CRI-O sockets ({@code sockets: []} turns one off). */
    private static AgentConfig.Runtimes runtimes(YamlSection rt) {
        YamlSection c = rt.section("containerd");
        List<Path> containerd = c.list("sockets", AgentConfig.Runtimes.CONTAINERD_DEFAULTS, ConfigLoader::path);
        c.finish();
        YamlSection o = rt.section("crio");
        List<Path> crio = o.list("sockets", AgentConfig.Runtimes.CRIO_DEFAULTS, ConfigLoader::path);
        o.finish();
        Duration poll = rt.value("cri_poll_interval", Duration.ofSeconds(1), ConfigLoader::positiveDuration);
        rt.finish();
        return new AgentConfig.Runtimes(new AgentConfig.Runtime(containerd), new AgentConfig.Runtime(crio), poll);
    }

    private static AgentConfig.Http http(YamlSection h, Path dataDir) {
        String url = h.string("url", "");
        AgentConfig.Http http = new AgentConfig.Http(
                url.isEmpty() || url.equals(OFF) ? null : h.value("url", null, ConfigLoader::url),
                h.value("timeout", Duration.ofSeconds(10), ConfigLoader::positiveDuration),
                optionalPath(h.string("ca_file", "")),
                h.bool("insecure_skip_verify", false),
                h.string("username", ""),
                optionalPath(h.string("password_file", "")),
                optionalPath(h.string("bearer_token_file", "")),
                under(dataDir, h.string("outbox_dir", ""), "http-outbox"),
                h.integer("outbox_max", 100_000, 1, 1 << 24));
        h.finish();
        return http;
    }

    /** {@code ""} = the default file name under the data directory, {@code off} = none, else the path. */
    private static Path under(Path dataDir, String value, String defaultName) {
        if (value.isEmpty()) {
            return dataDir.resolve(defaultName);
        }
        return value.equals(OFF) ? null : path(value);
    }

    private static Path optionalPath(String value) {
        return value.isEmpty() || value.equals(OFF) ? null : path(value);
    }

    static Path path(String s) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("expected a path");
        }
        return Path.of(s);
    }

    static <E extends Enum<E>> E enumOf(Class<E> type, String s) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(s)) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException("expected one of " + names + ", got '" + s + "'");
    }

    static String oneOf(String s, String... allowed) {
        for (String a : allowed) {
            if (a.equals(s)) {
                return s;
            }
        }
        throw new IllegalArgumentException("expected one of " + List.of(allowed) + ", got '" + s + "'");
    }

    static String priority(String s) {
        return oneOf(s.toLowerCase(Locale.ROOT), "emergency", "alert", "critical", "error", "warning", "notice",
                "informational", "info", "debug");
    }

    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d}; a bare {@code 0} is zero. */
    static Duration duration(String s) {
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0 || i == s.length()) {
            throw new IllegalArgumentException("expected a duration like 500ms, 30s, 5m, 2h or 7d, got '" + s + "'");
        }
        long n = Long.parseLong(s.substring(0, i));
        return switch (s.substring(i)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> throw new IllegalArgumentException("unknown duration unit in '" + s + "' (ms, s, m, h, d)");
        };
    }

    static Duration positiveDuration(String s) {
        Duration d = duration(s);
        if (d.isZero()) {
            throw new IllegalArgumentException("must be greater than zero");
        }
        return d;
    }

    /** Bytes: {@code 1048576}, {@code 512MiB}, {@code 10GiB}, {@code 1TiB} (also KiB). */
    static long size(String s) {
        long mult = 1;
        String num = s;
        for (String[] u : new String[][] {{"KiB", "1024"}, {"MiB", "1048576"}, {"GiB", "1073741824"},
                {"TiB", "1099511627776"}}) {
            if (s.endsWith(u[0])) {
                mult = Long.parseLong(u[1]);
                num = s.substring(0, s.length() - u[0].length());
                break;
            }
        }
        try {
            long v = Long.parseLong(num.trim());
            if (v <= 0) {
                throw new IllegalArgumentException("must be greater than zero");
            }
            return Math.multiplyExact(v, mult);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("expected a size like 512MiB or 10GiB, got '" + s + "'");
        }
    }

    static URI url(String s) {
        try {
            URI u = new URI(s);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new IllegalArgumentException("expected an http(s) URL, got '" + s + "'");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad URL '" + s + "': " + e.getReason());
        }
    }

    static String listenAddress(String s) {
        if (s.isEmpty() || s.equals(OFF)) {
            return s;
        }
        int colon = s.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected host:port or off, got '" + s + "'");
        }
        try {
            int port = Integer.parseInt(s.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in '" + s + "'");
        }
        return s;
    }

    private static String localHostName() {
        try {
            String h = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            if (!h.isEmpty()) {
                return h;
            }
        } catch (IOException ignored) {
            // fall through to the JDK's answer
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
