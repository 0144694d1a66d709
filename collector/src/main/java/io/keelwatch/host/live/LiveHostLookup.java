package io.keelwatch.host.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keelwatch.docker.DockerApi;
import io.keelwatch.docker.DockerUnavailableException;
import io.keelwatch.host.HostLookup;
import io.keelwatch.runtime.RuntimeLookups;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers from the live host: files under {@code /proc} (a chosen root, so tests can point it at a
 * copy) and the Docker Engine API. No Docker ({@code docker == null}, or the daemon down) makes
 * every Docker question answer {@code null}: the agent still runs on cgroup ids alone.
 *
 * <p>Thread-safe: holds no state besides counters and a bounded cache of what the image layers (immutable) hold.
 */
public final class LiveHostLookup implements HostLookup {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path proc;
    /** {@code proc} with a trailing '/': a pid's file is this, the pid, '/', the name (no Path per read). */
    private final String procPrefix;
    private final ProcReader reader = new ProcReader();
    private final DockerApi docker;
    private final AtomicLong procMisses = new AtomicLong();
    private final AtomicLong dockerFailures = new AtomicLong();
    private volatile String lastDockerError = "";

    /** Reads {@code /proc} and, when {@code docker} is not null, the Docker API. */
    public LiveHostLookup(Path proc, DockerApi docker) {
        this.proc = proc;
        this.procPrefix = proc.toString().endsWith("/") ? proc.toString() : proc + "/";
        this.docker = docker;
    }

    /** The real host: {@code /proc} and the default Docker socket when it exists. */
    public static LiveHostLookup ofHost() {
        Path socket = Path.of(DockerApi.DEFAULT_SOCKET);
        return new LiveHostLookup(Path.of("/proc"), Files.exists(socket) ? new DockerApi(socket) : null);
    }

    @Override
    public String lookup(String kind, String key) {
        return switch (kind) {
            case PROC_CGROUP -> readProc(key, "cgroup");
            case PROC_STAT -> readProc(key, "stat");
            case PROC_STATUS -> readProc(key, "status");
            case PROC_CMDLINE -> readProc(key, "cmdline");
            case PROC_EXE -> link(key, "exe");
            case PROC_CWD -> link(key, "cwd");
            case PROC_PIDS -> listPids();
            case PROC_BOOT_TIME -> readBootTime();
            case DOCKER_INSPECT -> docker("/containers/" + DockerApi.encode(key) + "/json");
            // Image references carry '/' (local/busybox:1): the API takes them unencoded in the path.
            case DOCKER_IMAGE_INSPECT -> docker("/images/" + key + "/json");
            case DOCKER_EXEC_INSPECT -> docker("/exec/" + DockerApi.encode(key) + "/json");
            case DOCKER_RUNNING -> running();
            case FS_UPPER_FILE -> layerOf(key);
            // no containerd or CRI client here (RuntimeHostLookup answers those in front of this): no such runtime
            case RuntimeLookups.ENDPOINTS, RuntimeLookups.CONTAINERD_CONTAINER, RuntimeLookups.CONTAINERD_RUNNING,
                    RuntimeLookups.CRI_CONTAINER, RuntimeLookups.CRI_RUNNING -> null;
            default -> throw new IllegalArgumentException("unknown lookup kind: " + kind);
        };
    }

    /** /proc reads that found nothing (process gone, or not a pid). */
    public long procMisses() {
        return procMisses.get();
    }

    /** Docker requests that failed (daemon down or refused); 404s are answers, not failures. */
    public long dockerFailures() {
        return dockerFailures.get();
    }

    /** The counters as of now. */
    public LookupStats stats() {
        return new LookupStats(procMisses.get(), dockerFailures.get());
    }

    public String lastDockerError() {
        return lastDockerError;
    }

    private String readProc(String pid, String file) {
        if (!isPid(pid)) {
            return null;
        }
        String text = reader.read(procPrefix + pid + "/" + file);
        if (text == null) {
            procMisses.incrementAndGet();
        }
        return text;
    }

    private String link(String pid, String name) {
        if (!isPid(pid)) {
            return null;
        }
        String target = reader.link(procPrefix + pid + "/" + name);
        if (target == null) {
            procMisses.incrementAndGet();
        }
        return target;
    }

    /**
     * A stat per layer, never a read: the container's file name comes from the kernel (the exec's d_path) but its
     * characters are the container's choice, so only absolute, normal paths are looked at, and the last component
     * is not followed (a symlink planted in the upper layer is not a file there).
     */
    private static String layerOf(String key) {
        int a = key.indexOf('\n');
        int b = a < 0 ? -1 : key.indexOf('\n', a + 1);
        if (b < 0 || key.indexOf('\0') >= 0) {
            return null;
        }
        String inside = key.substring(b + 1);
        Path rel;
        try {
            Path p = Path.of(inside);
            if (!p.isAbsolute() || !p.normalize().equals(p) || p.getNameCount() == 0) {
                return null;
            }
            rel = Path.of(inside.substring(1));
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
        Path upper = layer(key.substring(0, a));
        if (upper != null) {
            Path file = upper.resolve(rel);
            // java.io's stat answers "no" without an exception (the usual answer: most programs come from the image);
            // only a yes is checked again without following a link
            if (file.toFile().isFile() && Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return "upper";
            }
        }
        // the image's layers never change: their answer is kept (every exec of a program asks again)
        String cacheKey = key.substring(a + 1);   // the layers and the path: the key without the upper directory
        String known = LOWER_ANSWERS.get(cacheKey);
        if (known != null) {
            return known;
        }
        String answer = inLowers(key.substring(a + 1, b), rel);
        if (answer != null) {
            if (LOWER_ANSWERS.size() >= MAX_LOWER_ANSWERS) {
                LOWER_ANSWERS.clear();
            }
            LOWER_ANSWERS.put(cacheKey, answer);
        }
        return answer;
    }

    /** Image layers' answers by (layers, path): bounded, cleared whole when full (a new working set refills it). */
    private static final java.util.concurrent.ConcurrentHashMap<String, String> LOWER_ANSWERS =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_LOWER_ANSWERS = 8192;

    /**
     * "lower" when one of the image's layers has the path, "none" when none does, null when no layer can be seen
     * (an agent that cannot see the runtime's storage, such as a DaemonSet without the mount, must say nothing
     * rather than call every program new).
     */
    private static String inLowers(String lowers, Path rel) {
        boolean imageSeen = false;
        for (String l : lowers.split(":")) {
            Path lower = layer(l);
            if (lower == null || !lower.toFile().isDirectory()) {
                continue;
            }
            imageSeen = true;
            Path p = lower.resolve(rel);
            if (p.toFile().exists() || Files.isSymbolicLink(p)) {
                return "lower";
            }
        }
        return imageSeen ? "none" : null;
    }

    private static Path layer(String dir) {
        try {
            Path p = Path.of(dir);
            return p.isAbsolute() && p.normalize().equals(p) ? p : null;
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    private String listPids() {
        StringBuilder out = new StringBuilder();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(proc)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (isPid(name)) {
                    out.append(name).append('\n');
                }
            }
        } catch (IOException e) {
            return null;
        }
        return out.toString();
    }

    private String readBootTime() {
        String uptime;
        long now = System.currentTimeMillis();
        try {
            uptime = Files.readString(proc.resolve("uptime"), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return null;
        }
        int space = uptime.indexOf(' ');
        String seconds = space < 0 ? uptime.strip() : uptime.substring(0, space);
        try {
            return Long.toString(now - Math.round(Double.parseDouble(seconds) * 1000));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private String docker(String path) {
        if (docker == null) {
            return null;
        }
        try {
            return docker.get(path);
        } catch (DockerUnavailableException e) {
            dockerFailures.incrementAndGet();
            lastDockerError = e.getMessage();
            return null;
        }
    }

    private String running() {
        String body = docker("/containers/json");
        if (body == null) {
            return null;
        }
        StringBuilder ids = new StringBuilder();
        try {
            for (JsonNode c : JSON.readTree(body)) {
                ids.append(c.path("Id").asText()).append('\n');
            }
        } catch (IOException e) {
            dockerFailures.incrementAndGet();
            lastDockerError = "GET /containers/json: not JSON: " + e.getMessage();
            return null;
        }
        return ids.toString();
    }

    private static boolean isPid(String s) {
        if (s.isEmpty() || s.length() > 10) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
