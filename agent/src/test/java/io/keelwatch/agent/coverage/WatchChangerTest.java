package io.keelwatch.agent.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.agent.pipeline.InputQueue;
import io.keelwatch.agent.pipeline.PipelineCore;
import io.keelwatch.audit.source.AuditRule;
import io.keelwatch.audit.source.AuditRuleParser;
import io.keelwatch.container.ContainerInfo;
import io.keelwatch.input.HostInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-container watches: which containers get them (ContainerWatches), and what the watch thread adds, skips,
 * removes and journals against an in-memory kernel list (the real kernel: AttackSuiteIT's etc-write and bin-write).
 */
class WatchChangerTest {
    @TempDir
    Path storage;

    private final MemoryRuleKernel kernel = new MemoryRuleKernel();
    private final InputQueue queue = new InputQueue(64);
    private final AtomicReference<String> fatal = new AtomicReference<>();
    private WatchChanger changer;

    @AfterEach
    void stop() {
        if (changer != null) {
            changer.close();
        }
    }

    private WatchChanger start() {
        changer = new WatchChanger(kernel, fatal::set, () -> 99L);
        changer.start(queue);
        return changer;
    }

    /** A container layer below the temp dir with its merged view holding only {@code dirs}. */
    private String layer(String name, String... dirs) throws Exception {
        Path l = storage.resolve(name);
        Files.createDirectories(l.resolve("diff"));
        for (String d : dirs) {
            Files.createDirectories(l.resolve("merged").resolve(d));
        }
        return l.resolve("diff").toString();
    }

    private static ContainerInfo running(String id, String upperDir, int pid) {
        return new ContainerInfo(id, "c-" + id, "img:1", "sha256:1", null, null, null, false, List.of(), List.of(), "", "",
                "", "", "", "", List.of(), List.of(), "", Map.of(), pid, List.of(), List.of(), upperDir);
    }

    private static void await(BooleanSupplier cond, String what) throws InterruptedException {
        for (int i = 0; i < 1000 && !cond.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertTrue(cond.getAsBoolean(), what);
    }

    private HostInput.ConfigChange nextChange() throws InterruptedException {
        HostInput in = queue.poll(10_000).input();
        assertTrue(in instanceof HostInput.ConfigChange, "a journaled change, got " + in);
        HostInput.ConfigChange c = (HostInput.ConfigChange) in;
        assertEquals(PipelineCore.AUDIT_WATCH, c.what());
        return c;
    }

    @Test
    void onlyRunningOverlayContainersAreWatchedAndAStopAsksForNone() throws Exception {
        List<String> asked = new ArrayList<>();
        ContainerWatches books = new ContainerWatches((id, lines, why) -> asked.add(id + ":" + lines.size() + ":" + why));
        String upper = layer("aaa", "etc");
        books.running(running("a1", upper, 0));                        // created, not started: nothing mounted
        books.running(running("a2", "/var/lib/containerd/snap/7/fs", 42)); // not overlay2's layout
        books.running(running("a3", "/var/lib/docker/overlay2/x y/diff", 42)); // the rule text cannot carry it
        assertEquals(List.of(), asked);
        books.running(running("a4", upper, 42));
        books.running(running("a4", upper, 42));                       // an update with nothing new: asked once
        assertEquals(1, books.watchedCount());
        books.stopped(running("a4", upper, 0));
        books.stopped(running("a1", upper, 0));                        // never watched: nothing to ask
        assertEquals(List.of("a4:7:container a4 (c-a4) running", "a4:0:container a4 (c-a4) stopped"), asked);
        assertEquals(0, books.watchedCount());
        String merged = upper.substring(0, upper.length() - 5) + "/merged";
        assertEquals("-a always,exit -F arch=b64 -F dir=" + merged + "/etc -F perm=wa -k kw_ctrwatch",
                ContainerWatches.lines(merged).get(0));
    }

    @Test
    void addsTheDirectoriesTheContainerHasSkipsSymlinksRemovesOnStopAndJournalsEach() throws Exception {
        String upper = layer("bbb", "etc", "usr/bin", "usr/sbin");
        Path merged = Path.of(upper).resolveSibling("merged");
        Files.createSymbolicLink(merged.resolve("bin"), Path.of("usr/bin"));   // a merged-usr image
        start();
        ContainerWatches books = new ContainerWatches(changer);
        books.running(running("b1", upper, 42));
        HostInput.ConfigChange added = nextChange();
        assertTrue(added.content().startsWith("b1\ncontainer b1 (c-b1) running\n"), added.content());
        assertEquals(3, kernel.rules.size(), kernel.rules.toString());
        assertTrue(kernel.rules.stream().allMatch(r -> ContainerWatches.KEY.equals(r.key())));
        assertEquals(3, changer.rulesInKernel());
        assertEquals(4L, changer.changes().get(List.of("add", "absent")), "bin (a symlink), sbin, local/bin, local/sbin");
        books.stopped(running("b1", upper, 0));
        HostInput.ConfigChange removed = nextChange();
        assertEquals("b1\ncontainer b1 (c-b1) stopped\n", removed.content());
        assertEquals(List.of(), kernel.rules);
        assertEquals(3L, changer.changes().get(List.of("remove", "ok")));
        assertNull(fatal.get());
    }

    @Test
    void clearsWhatAnEarlierAgentLeftLeavesOthersRulesAndRemovesItsOwnAtClose() throws Exception {
        String upper = layer("ccc", "etc");
        String merged = Path.of(upper).resolveSibling("merged").toString();
        AuditRule stale = AuditRuleParser.parse("-a always,exit -F arch=b64 -F dir=/gone/merged/etc -F perm=wa -k kw_ctrwatch");
        AuditRule foreign = AuditRuleParser.parse("-a always,exit -F arch=b64 -F dir=" + merged + "/etc -F perm=wa -k theirs");
        kernel.rules.add(stale);
        kernel.rules.add(foreign);
        start();
        assertTrue(nextChange().content().contains("removed 1 watches left by an earlier agent"));
        changer.watch("c1", ContainerWatches.lines(merged), "test");
        nextChange();
        assertEquals(2, kernel.rules.size());
        assertTrue(kernel.rules.contains(foreign), "a rule without our key is never touched");
        changer.close();
        changer = null;
        assertEquals(List.of(foreign), kernel.rules, "at close only ours go");
    }

    @Test
    void aFailedAddIsCountedAndRetriedAndAnExplodingKernelIsFatal() throws Exception {
        String upper = layer("ddd", "etc");
        String merged = Path.of(upper).resolveSibling("merged").toString();
        kernel.failAdds = 1;   // EPERM
        start();
        changer.watch("d1", ContainerWatches.lines(merged), "test");
        await(() -> changer.changes().getOrDefault(List.of("add", "failed"), 0L) >= 1, "the failure is counted");
        kernel.failAdds = 0;
        await(() -> kernel.rules.size() == 1, "retried without a new change");
        kernel.explode = new IllegalStateException("boom");
        changer.watch("d2", ContainerWatches.lines(merged).subList(0, 1), "test");
        changer.watch("d1", List.of(), "stop");
        await(() -> fatal.get() != null, "the agent is told the thread died");
        assertTrue(changer.dead());
    }
}
