package io.keelwatch.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keelwatch.input.HostInput;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * A capture bundle: a directory with {@code audit.log}, {@code docker-events.jsonl} and
 * {@code docker-inspect.jsonl}, each optionally gzipped, as the capture scripts write them. The
 * audit lines and Docker events become one input stream ordered by log time (each file keeps its own
 * order; the two are merged); the inspect documents become {@code docker.inspect} lookup answers.
 */
public final class CaptureBundle {

    public static final String AUDIT_LOG = "audit.log";
    public static final String DOCKER_EVENTS = "docker-events.jsonl";
    public static final String DOCKER_INSPECT = "docker-inspect.jsonl";
    public static final String LOOKUP_DOCKER_INSPECT = "docker.inspect";

    private final Path dir;
    private final Path auditLog;
    private final Path dockerEvents;
    private final Path dockerInspect;

    private CaptureBundle(Path dir) {
        this.dir = dir;
        this.auditLog = find(dir, AUDIT_LOG);
        this.dockerEvents = find(dir, DOCKER_EVENTS);
        this.dockerInspect = find(dir, DOCKER_INSPECT);
    }

    /** True when {@code dir} holds an audit log or a Docker events file. */
    public static boolean isBundle(Path dir) {
        return find(dir, AUDIT_LOG) != null || find(dir, DOCKER_EVENTS) != null;
    }

    public static CaptureBundle open(Path dir) throws IOException {
        CaptureBundle b = new CaptureBundle(dir);
        if (b.auditLog == null && b.dockerEvents == null) {
            throw new IOException(dir + ": not a capture bundle (no " + AUDIT_LOG + "[.gz] nor " + DOCKER_EVENTS + "[.gz])");
        }
        return b;
    }

    public Path dir() {
        return dir;
    }

    /** The file holding {@code name} or {@code name.gz} in {@code dir}, or null. */
    static Path find(Path dir, String name) {
        Path plain = dir.resolve(name);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        Path gz = dir.resolve(name + ".gz");
        return Files.isRegularFile(gz) ? gz : null;
    }

    static InputStream openMaybeGzip(Path p) throws IOException {
        return openMaybeGzip(p, new AtomicLong());
    }

    /** The file, decompressed when it is a .gz; {@code read} counts the bytes taken from the file itself. */
    static InputStream openMaybeGzip(Path p, AtomicLong read) throws IOException {
        InputStream raw = new CountingInputStream(Files.newInputStream(p), read);
        return p.getFileName().toString().endsWith(".gz")
                ? new GZIPInputStream(raw, 1 << 16)
                : new BufferedInputStream(raw, 1 << 16);
    }

    /**
     * The inspect documents as lookup answers keyed by full container id. Their receive time is
     * {@code atMs}: a capture does not say when they were taken.
     */
    public List<HostInput.Lookup> inspectLookups(long atMs) throws IOException {
        List<HostInput.Lookup> out = new ArrayList<>();
        if (dockerInspect == null) {
            return out;
        }
        ObjectMapper json = new ObjectMapper();
        try (LineReader lines = new LineReader(openMaybeGzip(dockerInspect), dockerInspect.toString())) {
            byte[] line;
            while ((line = lines.readLine()) != null) {
                if (line.length == 0) {
                    continue;
                }
                JsonNode doc;
                try {
                    doc = json.readTree(line);
                } catch (IOException e) {
                    throw new IOException(dockerInspect + ":" + lines.lineNumber() + ": not JSON: " + e.getMessage(), e);
                }
                String id = doc.path("Id").asText(null);
                if (id == null) {
                    throw new IOException(dockerInspect + ":" + lines.lineNumber() + ": inspect document without Id");
                }
                out.add(new HostInput.Lookup(atMs, LOOKUP_DOCKER_INSPECT, id, new String(line, StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    /** The audit lines and Docker events merged by log time, with a tick every {@code tickMs} of log time. */
    public InputSource inputs(long tickMs) throws IOException {
        return new TickSynthesizer(new BundleMerge(this), tickMs);
    }

    /** Audit lines and Docker events, merged by time; each file keeps its own order. */
    private static final class BundleMerge implements InputSource {

        private final CaptureBundle bundle;
        private final LineReader audit;
        private final LineReader events;
        private final String auditSource;
        private byte[] auditLine;
        private long auditMs = LogTime.NONE;
        private byte[] eventLine;
        private long eventMs;
        // bytes taken from the two files (compressed bytes for .gz) and their sizes, for the share read
        private final AtomicLong bytesRead = new AtomicLong();
        private final long bytesTotal;

        BundleMerge(CaptureBundle bundle) throws IOException {
            this.bundle = bundle;
            this.audit = bundle.auditLog == null ? null
                    : new LineReader(openMaybeGzip(bundle.auditLog, bytesRead), bundle.auditLog.toString());
            this.events = bundle.dockerEvents == null ? null
                    : new LineReader(openMaybeGzip(bundle.dockerEvents, bytesRead), bundle.dockerEvents.toString());
            this.bytesTotal = (bundle.auditLog == null ? 0 : Files.size(bundle.auditLog))
                    + (bundle.dockerEvents == null ? 0 : Files.size(bundle.dockerEvents));
            this.auditSource = bundle.auditLog == null ? null : bundle.auditLog.toString();
            advanceAudit();
            advanceEvent();
        }

        private void advanceAudit() throws IOException {
            auditLine = audit == null ? null : audit.readLine();
            if (auditLine != null) {
                long t = LogTime.auditMs(auditLine);
                if (t != LogTime.NONE) {
                    auditMs = t; // a line without a stamp keeps the time of the one before
                }
            }
        }

        private void advanceEvent() throws IOException {
            do {
                eventLine = events == null ? null : events.readLine();
            } while (eventLine != null && eventLine.length == 0);
            if (eventLine != null) {
                eventMs = LogTime.dockerEventMs(eventLine);
                if (eventMs == LogTime.NONE) {
                    throw new IOException(bundle.dockerEvents + ":" + events.lineNumber() + ": Docker event without time");
                }
            }
        }

        @Override
        public HostInput next() throws IOException {
            if (auditLine == null && eventLine == null) {
                return null;
            }
            // On a tie the Docker event goes first: a container starts before its processes run.
            boolean takeEvent = eventLine != null && (auditLine == null || auditMs == LogTime.NONE || eventMs <= auditMs);
            if (takeEvent) {
                HostInput in = new HostInput.DockerEvent(eventMs, new String(eventLine, StandardCharsets.UTF_8));
                advanceEvent();
                return in;
            }
            long at = auditMs == LogTime.NONE ? 0 : auditMs;
            HostInput in = new HostInput.AuditLine(at, auditSource, auditLine);
            advanceAudit();
            return in;
        }

        @Override
        public double shareRead() {
            return bytesTotal == 0 ? -1 : Math.min(1.0, bytesRead.get() / (double) bytesTotal);
        }

        @Override
        public String describe() {
            return bundle.dir.toString();
        }

        @Override
        public void close() throws IOException {
            if (audit != null) {
                audit.close();
            }
            if (events != null) {
                events.close();
            }
        }
    }
}
