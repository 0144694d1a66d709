package io.keelwatch.agent.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.agent.pipeline.InputQueue;
import io.keelwatch.agent.pipeline.PipelineCore;
import io.keelwatch.audit.source.AuditRule;
import io.keelwatch.audit.source.AuditRuleParser;
import io.keelwatch.input.HostInput;
import io.keelwatch.rules.audit.AuditRuleSet;
import io.keelwatch.rules.engine.RuleLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The rule thread's bookkeeping against an in-memory kernel list: what it adds, removes, leaves and journals. */
class RuleChangerTest {
    private static final Tier2Rules TIER2 = Tier2Rules.parse(AuditRuleSet.TIER2_KEY,
            AuditRuleSet.tier2(RuleLoader.loadDefaultPack(), AuditRuleSet.TIER2_KEY));

    private final MemoryRuleKernel kernel = new MemoryRuleKernel();
    private final InputQueue queue = new InputQueue(64);
    private final AtomicReference<String> fatal = new AtomicReference<>();
    private RuleChanger changer;

    private RuleChanger start(long verifyEveryMs) throws Exception {
        changer = new RuleChanger(TIER2, kernel, fatal::set, verifyEveryMs, () -> 1234L);
        changer.start(queue);
        return changer;
    }

    @AfterEach
    void stop() {
        if (changer != null) {
            changer.close();
        }
    }

    private static AuditRule rule(String line) throws Exception {
        return AuditRuleParser.parse(line);
    }

    private HostInput.ConfigChange nextChange() throws InterruptedException {
        HostInput in = queue.poll(10_000).input();
        assertTrue(in instanceof HostInput.ConfigChange, "a journaled change, got " + in);
        HostInput.ConfigChange c = (HostInput.ConfigChange) in;
        assertEquals(PipelineCore.AUDIT_TIER2, c.what());
        assertEquals(1234L, c.receivedAtMs());
        return c;
    }

    private static void await(BooleanSupplier cond, String what) throws InterruptedException {
        for (int i = 0; i < 1000 && !cond.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertTrue(cond.getAsBoolean(), what);
    }

    @Test
    void loadsOnWantRemovesExactlyWhatItAddedAndJournalsBoth() throws Exception {
        AuditRule foreign = rule("-a always,exit -F arch=b64 -S openat -F a2&03 -F success=1 -k kw_write");
        kernel.rules.add(foreign);
        start(0).tier2(true, "container abc (x): privileged");
        HostInput.ConfigChange loaded = nextChange();
        List<String> lines = List.of(loaded.content().split("\n"));
        assertEquals("loaded", lines.get(0));
        assertEquals("container abc (x): privileged", lines.get(1));
        assertEquals(TIER2.lines(), lines.subList(2, lines.size()));
        List<String> keys = new java.util.ArrayList<>(List.of("kw_write"));
        TIER2.lines().forEach(l -> keys.add("kw_tier2"));
        assertEquals(keys, kernel.keys(), "the foreign rule, then one of its own per tier-2 line");
        assertTrue(changer.loaded());

        changer.tier2(false, "the last one stopped");
        HostInput.ConfigChange removed = nextChange();
        assertEquals("removed\nthe last one stopped\n", removed.content());
        assertEquals(List.of(foreign), kernel.list(), "a rule it did not add stays");
        assertEquals(1L, changer.changes().get(List.of("load", "ok")));
        assertEquals(1L, changer.changes().get(List.of("remove", "ok")));
        assertFalse(changer.loaded());
        assertEquals(null, fatal.get());
    }

    @Test
    void anEarlyArmingLoadsAtOnceTheBooksTakeOverAndAnUnconfirmedOneLapses() throws Exception {
        start(0).prearm("container abc (x): privileged (at its create event)");
        HostInput.ConfigChange loaded = nextChange();
        assertTrue(loaded.content().startsWith("loaded\ncontainer abc (x): privileged (at its create event)\n"),
                loaded.content());
        assertTrue(changer.loaded());
        changer.tier2(true, "container abc (x): privileged");   // the books catch up: nothing to change
        changer.tier2(false, "");                                // ... and say no before the arming's hold is over
        assertTrue(changer.loaded(), "held while the arming lasts");
        HostInput.ConfigChange lapsed = nextChange();            // within RuleChanger.ARM_HOLD_MS
        assertTrue(lapsed.content().startsWith("removed\nan early arming the container books never confirmed lapsed"),
                lapsed.content());
        assertFalse(changer.loaded());
        assertEquals(1L, changer.changes().get(List.of("load", "ok")));
        assertEquals(1L, changer.changes().get(List.of("remove", "ok")));
    }

    @Test
    void rulesWithItsKeyLeftByACrashedPredecessorAreClearedAtStartAndOthersStay() throws Exception {
        AuditRule exec = rule("-a always,exit -F arch=b64 -S execve,execveat -k kw_exec");
        kernel.rules.add(exec);
        kernel.rules.addAll(TIER2.rules().subList(0, 2));
        start(0);
        HostInput.ConfigChange cleared = nextChange();
        assertTrue(cleared.content().startsWith("cleared\nremoved 2 rules with key kw_tier2"), cleared.content());
        assertEquals(List.of(exec), kernel.list());
        assertEquals(1L, changer.changes().get(List.of("clear_stale", "ok")));
    }

    @Test
    void aRefusedRuleIsCountedAndRetriedUntilItLoads() throws Exception {
        kernel.failAdds = 1; // EPERM: no CAP_AUDIT_CONTROL
        start(0).tier2(true, "risky");
        await(() -> changer.changes().getOrDefault(List.of("load", "failed"), 0L) >= 1, "the failure is counted");
        assertFalse(changer.loaded());
        assertTrue(queue.depth() == 0, "nothing changed, nothing journaled");
        kernel.failAdds = 0;
        assertTrue(nextChange().content().startsWith("loaded\nrisky\n"));
        assertTrue(changer.loaded());
    }

    @Test
    void rulesDeletedBehindItsBackAreAddedBack() throws Exception {
        start(20).tier2(true, "risky");
        nextChange();
        synchronized (kernel) {
            kernel.rules.clear(); // auditctl -D, an auditd reload
        }
        HostInput.ConfigChange restored = nextChange();
        int n = TIER2.lines().size();
        assertTrue(restored.content().startsWith("loaded\nrestored after " + n + " were deleted by someone else\n"),
                restored.content());
        assertEquals(n, kernel.list().size());
        assertEquals(1L, changer.changes().get(List.of("restore", "ok")));
    }

    @Test
    void closeRemovesWhatItAdded() throws Exception {
        start(0).tier2(true, "risky");
        nextChange();
        changer.close();
        assertTrue(nextChange().content().startsWith("removed\nthe agent is stopping\n"));
        assertEquals(List.of(), kernel.list());
        changer = null;
    }

    @Test
    void aDeadThreadTellsTheAgentAndItsRulesGoAtClose() throws Exception {
        start(0).tier2(true, "risky");
        nextChange();
        kernel.explode = new IllegalStateException("boom");
        changer.tier2(false, "gone");
        await(() -> fatal.get() != null, "fatal is told");
        assertTrue(fatal.get().contains("boom"), fatal.get());
        assertTrue(changer.dead());
        kernel.explode = null;
        changer.close();
        assertEquals(List.of(), kernel.list());
        changer = null;
    }
}
