package io.keelwatch.agent.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.alert.Alert;
import io.keelwatch.alert.AlertJson;
import io.keelwatch.input.HostInput;
import io.keelwatch.rules.engine.Priority;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PipelineCoreTest {
    private static List<String> lines;

    @BeforeAll
    static void load() throws Exception {
        lines = AuditFixture.lines();
    }

    private static PipelineCore core(List<Alert> out, Duration throttle) {
        return new PipelineCore(ReassemblyStage.factory(2000, 1024), new BasicIdentity(), Detectors.NONE,
                ExecRuleDetector.factory("h1"), out::add,
                new PipelineCore.Options(Priority.DEBUG, throttle, 1000, Duration.ofSeconds(60), Set.of("proc.pid")),
                () -> 0,
                PipelineCore.RuleTimer.NONE);
    }

    private static List<Alert> run(Duration throttle, String pid) {
        List<Alert> out = new ArrayList<>();
        PipelineCore core = core(out, throttle);
        core.accept(new HostInput.ConfigChange(0, PipelineCore.RULES, "/usr/bin/docker,/usr/bin/sleep"));
        if (pid != null) {
            core.accept(new HostInput.ConfigChange(0, PipelineCore.AGENT_PID, pid));
        }
        for (String l : lines) {
            core.accept(AuditFixture.input(l));
        }
        core.finish();
        return out;
    }

    @Test
    void everyExecOfAWatchedBinaryInTheCaptureRaisesOneAlert() {
        List<Alert> alerts = run(Duration.ZERO, null);
        long docker = AuditFixture.execs(lines, "/usr/bin/docker");
        long sleep = AuditFixture.execs(lines, "/usr/bin/sleep");
        assertTrue(docker > 100 && sleep > 100);
        assertEquals(docker, alerts.stream().filter(a -> a.rule().equals("Exec of docker")).count());
        assertEquals(sleep, alerts.stream().filter(a -> a.rule().equals("Exec of sleep")).count());
        Alert first = alerts.get(0);
        assertEquals("execve", first.event().type());
        assertNull(first.container());
        assertTrue(first.process().self().pid() > 0);
    }

    @Test
    void sameInputsGiveTheSameAlertsByteForByte() {
        List<String> a = run(Duration.ofSeconds(60), null).stream().map(AlertJson::line).toList();
        List<String> b = run(Duration.ofSeconds(60), null).stream().map(AlertJson::line).toList();
        assertEquals(a, b);
        assertTrue(a.size() > 1);
    }

    @Test
    void repeatsAreFoldedAndNothingIsLostInTheCount() {
        List<Alert> folded = run(Duration.ofSeconds(60), null);
        long represented = folded.stream().mapToLong(x -> x.folded() == null ? 1 : x.folded().count()).sum();
        assertEquals(AuditFixture.execs(lines, "/usr/bin/docker") + AuditFixture.execs(lines, "/usr/bin/sleep"),
                represented);
        assertTrue(folded.size() < represented);
    }

    @Test
    void eventsOfTheAgentsOwnPidAreDroppedAndCounted() {
        String dockerSyscall = lines.stream().filter(l -> l.contains(" syscall=59 ")
                && l.contains("exe=\"/usr/bin/docker\"")).findFirst().orElseThrow();
        int at = dockerSyscall.indexOf(" pid=") + 5;
        String pid = dockerSyscall.substring(at, dockerSyscall.indexOf(' ', at));
        long ownEvents = lines.stream().filter(l -> l.startsWith("type=SYSCALL") && l.contains(" pid=" + pid + " "))
                .count();
        List<Alert> out = new ArrayList<>();
        PipelineCore core = core(out, Duration.ZERO);
        core.accept(new HostInput.ConfigChange(0, PipelineCore.RULES, "/usr/bin/docker"));
        core.accept(new HostInput.ConfigChange(0, PipelineCore.AGENT_PID, pid));
        for (String l : lines) {
            core.accept(AuditFixture.input(l));
        }
        core.finish();
        assertEquals(ownEvents, core.stats().dropped().get(List.of("filter", "own_pid")));
        assertTrue(out.stream().noneMatch(a -> Integer.toString(a.process().self().pid()).equals(pid)));
    }

    @Test
    void aBadRulesChangeKeepsTheOldRulesAndIsCounted() {
        List<Alert> out = new ArrayList<>();
        PipelineCore core = core(out, Duration.ZERO);
        core.accept(new HostInput.ConfigChange(0, PipelineCore.RULES, "/usr/bin/docker"));
        core.accept(new HostInput.ConfigChange(0, PipelineCore.RULES, "docker"));
        for (String l : lines) {
            core.accept(AuditFixture.input(l));
        }
        core.finish();
        assertEquals(AuditFixture.execs(lines, "/usr/bin/docker"), out.size());
        assertEquals(1L, core.stats().dropped().get(List.of("rules", "load_failed")));
        assertTrue(core.stats().rulesError().contains("not an absolute path"));
        assertTrue(core.stats().audit().recordsByType().get("SYSCALL") > 1000);
        assertEquals(lines.size(), core.stats().inputsByKind().get("AuditLine") + 0L);
    }

    @Test
    void journaledAlertOptionsDecideFoldingAndFiltering() {
        PipelineCore.Options o = PipelineCore.Options.defaults();
        assertEquals(o, o.decode(o.encode()));
        List<Alert> out = new ArrayList<>();
        PipelineCore core = core(out, Duration.ZERO);
        core.accept(new HostInput.ConfigChange(0, PipelineCore.RULES, "/usr/bin/docker"));
        core.accept(new HostInput.ConfigChange(0, PipelineCore.ALERT_OPTIONS,
                new PipelineCore.Options(Priority.DEBUG, Duration.ofSeconds(60), 1000, Duration.ofSeconds(60),
                        Set.of("proc.pid")).encode()));
        for (String l : lines) {
            core.accept(AuditFixture.input(l));
        }
        core.finish();
        long docker = AuditFixture.execs(lines, "/usr/bin/docker");
        assertTrue(out.size() < docker, "folded after the options change");
        assertEquals(docker, out.stream().mapToLong(x -> x.folded() == null ? 1 : x.folded().count()).sum());

        List<Alert> none = new ArrayList<>();
        PipelineCore strict = core(none, Duration.ZERO);
        strict.accept(new HostInput.ConfigChange(0, PipelineCore.RULES, "/usr/bin/docker"));
        strict.accept(new HostInput.ConfigChange(0, PipelineCore.ALERT_OPTIONS, "min_priority=critical\n"));
        for (String l : lines) {
            strict.accept(AuditFixture.input(l));
        }
        strict.finish();
        assertEquals(0, none.size(), "warning alerts are below critical");
        assertEquals(docker, strict.stats().dropped().get(List.of("alerts", "below_min_priority")));
    }

    @Test
    void tierTwoChangesAreShownInTheStatsAndUnknownKindsAreCounted() {
        PipelineCore core = core(new ArrayList<>(), Duration.ZERO);
        String rule = "-a always,exit -F arch=b64 -S openat -F a2&03 -F success=1 -k kw_tier2";
        core.accept(new HostInput.ConfigChange(0, PipelineCore.AUDIT_TIER2, "loaded\ncontainer abc: privileged\n" + rule + "\n"));
        core.accept(new HostInput.Tick(1000));
        assertEquals(List.of(rule), core.stats().tier2Rules());
        core.accept(new HostInput.ConfigChange(0, PipelineCore.AUDIT_TIER2, "removed\nthe last one stopped\n"));
        core.accept(new HostInput.ConfigChange(0, "from.a.newer.agent", "x"));
        core.accept(new HostInput.Tick(2000));
        assertEquals(List.of(), core.stats().tier2Rules());
        assertEquals(2, core.stats().tier2Changes());
        assertEquals(1L, core.stats().dropped().get(List.of("config", "unknown_kind")));
    }
}
