package io.keelwatch.event;

import io.keelwatch.audit.AuditEvent;
import io.keelwatch.audit.AuditLineParser;
import io.keelwatch.audit.MalformedRecordException;
import io.keelwatch.audit.Reassembler;
import io.keelwatch.audit.Received;
import io.keelwatch.audit.SyscallEvent;
import io.keelwatch.audit.source.AuditSourceStats;
import io.keelwatch.audit.source.NetlinkAuditSource;
import io.keelwatch.docker.DockerApi;
import io.keelwatch.docker.DockerEventStream;
import io.keelwatch.host.RecordingHostLookup;
import io.keelwatch.host.live.LiveHostLookup;
import io.keelwatch.input.HostInput;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the agent's pipeline does, in small: one thread reads the kernel's audit multicast, parses and
 * reassembles, applies Docker events in arrival order and enriches each syscall event. Enrichment can
 * be held back ({@link #hold}) while events keep being read, so a test can make processes exit before
 * anything is looked up about them.
 */
final class LivePipeline implements AutoCloseable {
    final List<EnrichedEvent> enriched = new CopyOnWriteArrayList<>();
    final ConcurrentLinkedQueue<SyscallEvent> held = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<HostInput.DockerEvent> docker = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean relist = new AtomicBoolean();
    private final AtomicBoolean holding = new AtomicBoolean();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final ArrayDeque<SyscallEvent> pending = new ArrayDeque<>();
    static final String RELIST = "relist";
    private final Thread thread;
    private final DockerApi api;
    private final DockerEventStream stream;
    private final NetlinkAuditSource source;
    final List<String> malformed = new CopyOnWriteArrayList<>();
    /** Every input in the order the enricher got it: "relist", Docker events, syscall events. */
    final List<Object> inputs = new CopyOnWriteArrayList<>();
    /** Every answer the live host gave, as the journal would record them. */
    final List<HostInput.Lookup> lookups = new CopyOnWriteArrayList<>();
    private volatile Throwable failure;
    private volatile boolean started;
    Enricher enricher;

    LivePipeline() throws Exception {
        source = NetlinkAuditSource.multicast(new AuditSourceStats());
        api = new DockerApi(Path.of(DockerApi.DEFAULT_SOCKET));
        stream = new DockerEventStream(api, docker::add, System::currentTimeMillis,
                DockerEventStream.Backoff.DEFAULT, () -> relist.set(true));
        thread = new Thread(this::run, "test-pipeline");
    }

    void start() throws InterruptedException {
        stream.start();
        thread.start();
        while (!started && failure == null) {
            Thread.sleep(20);
        }
        check();
    }

    void hold(boolean hold) {
        holding.set(hold);
    }

    void check() {
        if (failure != null) {
            throw new AssertionError("pipeline failed", failure);
        }
    }

    private void run() {
        try {
            enricher = Enricher.create(new RecordingHostLookup(LiveHostLookup.ofHost(), lookups::add,
                    System::currentTimeMillis), Enricher.DEFAULT_MAX_PROCESSES);
            enricher.start();
            AuditLineParser parser = new AuditLineParser();
            Reassembler reassembler = new Reassembler((AuditEvent e) -> {
                if (e instanceof SyscallEvent s) {
                    pending.add(s);
                }
            });
            started = true;
            while (!stop.get()) {
                Received got = source.next(50);
            HostInput in = got == null ? null : got.input();
                if (in instanceof HostInput.AuditNetlink n) {
                    try {
                        reassembler.add(parser.parseNetlink(n.type(), n.payload(), 0, n.payload().length));
                    } catch (MalformedRecordException e) {
                        malformed.add(n.type() + " " + new String(n.payload(), java.nio.charset.StandardCharsets.UTF_8)
                                + ": " + e.getMessage());
                    }
                } else {
                    reassembler.advanceTo(System.currentTimeMillis());
                }
                if (!holding.get()) {
                    drain();
                } else {
                    held.addAll(pending);
                    pending.clear();
                }
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    private void drain() {
        if (relist.getAndSet(false)) {
            inputs.add(RELIST);
            enricher.containers().bootstrap();
        }
        HostInput.DockerEvent d;
        while ((d = docker.poll()) != null) {
            inputs.add(d);
            enricher.apply(d);
        }
        SyscallEvent h;
        while ((h = held.poll()) != null) {
            inputs.add(h);
            enriched.add(enricher.enrich(h));
        }
        SyscallEvent e;
        while ((e = pending.poll()) != null) {
            inputs.add(e);
            enriched.add(enricher.enrich(e));
        }
    }

    /** The source's counters and the kernel's audit state, for failure messages. */
    String describe() {
        String kernel;
        try {
            kernel = TestAuditRules.auditctl("-s").replace('\n', ' ') + " rules: "
                    + TestAuditRules.auditctl("-l").replace('\n', ';');
        } catch (Exception e) {
            kernel = e.toString();
        }
        return "malformed " + malformed.subList(0, Math.min(5, malformed.size())) + ", messages " + source.stats().messages() + ", enobufs " + source.stats().enobufs() + ", kernel: "
                + kernel;
    }

    @Override
    public void close() throws Exception {
        if (stop.getAndSet(true)) {
            return;
        }
        thread.join(10_000);
        stream.close();
        api.close();
        source.close();
    }
}
