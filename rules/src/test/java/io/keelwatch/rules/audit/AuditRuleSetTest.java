package io.keelwatch.rules.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.rules.engine.RuleLoader;
import io.keelwatch.rules.testing.Rules;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generated auditctl rules follow the audit facts of detections.md. */
class AuditRuleSetTest {

    private static List<String> rules(List<String> all) {
        return all.stream().filter(l -> l.startsWith("-")).toList();
    }

    @Test
    void shippedPackNeedsTierOneWithTheAgentExcludedFirst() {
        List<String> all = AuditRuleSet.render(RuleLoader.loadDefaultPack(), new AuditRuleSet.Options(4242L, false, d -> true));
        all.forEach(System.out::println);
        List<String> r = rules(all);
        assertEquals("-a never,exit -F arch=b64 -S all -F pid=4242", r.get(0));
        assertEquals("-a never,exit -F arch=b32 -S all -F pid=4242", r.get(1));
        assertTrue(r.get(2).contains("-F ppid=2 -k kw_umh"), "specific rules before the generic ones: " + r.get(2));
        assertTrue(r.stream().noneMatch(l -> l.contains("auid")), "containers have auid unset");
        assertTrue(r.stream().filter(l -> l.contains("-S connect")).noneMatch(l -> l.contains("success")));
        assertTrue(r.contains("-a always,exit -F arch=b64 -S connect -F path=/run/docker.sock -k kw_dockersock"));
        assertTrue(r.stream().anyMatch(l -> l.contains("-S mount,") && l.contains("fsopen") && l.contains("fsmount")));
        assertTrue(r.contains("-a always,exit -F arch=b64 -S connect -F saddr_fam=2 -k kw_net"));
        assertTrue(r.contains("-a always,exit -F arch=b64 -S socket -F a0=17 -k kw_rawsock"));
        assertTrue(r.stream().anyMatch(l -> l.equals("-a always,exit -F arch=b64 -F dir=/etc -F perm=wa -k kw_watch")));
        assertTrue(r.stream().anyMatch(l -> l.equals("-a always,exit -F arch=b64 -F path=/etc/shadow -F perm=r -k kw_watch")));
        assertTrue(r.stream().anyMatch(l -> l.contains("-S init_module,finit_module")));
        int exec = r.indexOf("-a always,exit -F arch=b64 -S execve,execveat -k kw_exec");
        assertEquals(r.size() - 2, exec, "the generic exec rule comes last before the 32-bit catch-all");
        assertEquals("-a always,exit -F arch=b32 -S all -k kw_32bit", r.get(r.size() - 1));
        assertTrue(all.stream().anyMatch(l -> l.startsWith("# -a always,exit -F arch=b64 -S openat -F a2&03")), "tier 2 off by default");
        assertTrue(r.stream().noneMatch(l -> l.contains("-F dir=/proc") || l.contains("-F dir=/sys")), "procfs watches never fire for containers");
    }

    @Test
    void runtimeThreatRulesGetFailedWritesAndCredentialReadWatches() {
        List<String> all = AuditRuleSet.render(RuleLoader.loadDefaultPack(), new AuditRuleSet.Options(4242L, false, d -> true));
        List<String> r = rules(all);
        String erofs = "-a always,exit -F arch=b64 -S open,openat,openat2,creat,truncate,unlink,unlinkat,rename,renameat,renameat2"
                + " -F exit=-EROFS -k kw_erofs";
        assertTrue(r.contains(erofs), "a write refused by a read-only mount is recorded whatever the path");
        assertTrue(r.indexOf(erofs) < r.indexOf("-a always,exit -F arch=b64 -F dir=/etc -F perm=wa -k kw_watch"),
                "the EROFS rule comes before the watches, so a refused write keeps its own key");
        assertTrue(r.contains("-a always,exit -F arch=b64 -F dir=/var/lib/kubelet/pods -F perm=r -k kw_watch"), "token reads");
        assertTrue(r.contains("-a always,exit -F arch=b64 -F dir=/root/.aws -F perm=r -k kw_watch"), "cloud credential reads");
        assertTrue(r.contains("-a always,exit -F arch=b64 -F dir=/var/log -F perm=wa -k kw_watch"), "log clearing through mounts");
        assertTrue(all.contains("# -a always,exit -F arch=b64 -S unlink,unlinkat,truncate -F success=1 -k kw_write"),
                "removals inside a container's own filesystem are tier 2");
        assertTrue(r.stream().noneMatch(l -> l.contains("secrets/kubernetes.io")), "container-side paths get no host watch");
        List<String> plain = rules(AuditRuleSet.render(Rules.one("evt.type = openat and fd.name = /etc/x", ""),
                new AuditRuleSet.Options(null, false, d -> true)));
        assertTrue(plain.stream().noneMatch(l -> l.contains("kw_erofs")), "only rules that look at the result need failed writes");
    }

    @Test
    void onlyWhatTheRulesNeed() {
        List<String> r = rules(AuditRuleSet.render(Rules.one("evt.type = execve and proc.name = xmrig", ""),
                new AuditRuleSet.Options(null, false, d -> true)));
        assertEquals(List.of(
                "-a never,exit -F arch=b64 -S all -F pid=" + AuditRuleSet.PID_PLACEHOLDER,
                "-a never,exit -F arch=b32 -S all -F pid=" + AuditRuleSet.PID_PLACEHOLDER,
                "-a always,exit -F arch=b64 -S execve,execveat -k kw_exec",
                "-a always,exit -F arch=b32 -S all -k kw_32bit"), r);
        assertEquals("-a never,exit -F arch=b64 -S all -F pid=99", AuditRuleSet.withPid(r, 99).get(0));
        List<String> noSelf = rules(AuditRuleSet.render(Rules.one("evt.type = execve", ""),
                new AuditRuleSet.Options(null, false, d -> true, false)));
        assertEquals(List.of("-a always,exit -F arch=b64 -S execve,execveat -k kw_exec", "-a always,exit -F arch=b32 -S all -k kw_32bit"), noSelf);
        assertEquals("-A never,exit -F arch=b64 -S all -F pid=7", AuditRuleSet.agentExclusion(7).get(0));
    }

    @Test
    void missingDirectoriesAreCommentedAndTierTwoOnRequest() {
        List<String> all = AuditRuleSet.render(RuleLoader.loadDefaultPack(),
                new AuditRuleSet.Options(1L, true, d -> !d.equals("/var/spool/cron")));
        assertTrue(all.contains("# (no such directory here) -a always,exit -F arch=b64 -F dir=/var/spool/cron -F perm=wa -k kw_watch"));
        assertTrue(all.contains("-a always,exit -F arch=b64 -S openat -F a2&03 -F success=1 -k kw_write"));
        assertFalse(all.contains("-a always,exit -F arch=b64 -F dir=/var/spool/cron -F perm=wa -k kw_watch"));
    }

    @Test
    void tierTwoUnderTheAgentsOwnKeyOnlyWhenARuleLooksAtKnobWrites() {
        assertEquals(List.of(
                "-a always,exit -F arch=b64 -S open -F a1&03 -F success=1 -k kw_tier2",
                "-a always,exit -F arch=b64 -S openat -F a2&03 -F success=1 -k kw_tier2",
                "-a always,exit -F arch=b64 -S creat,openat2 -F success=1 -k kw_tier2",
                "-a always,exit -F arch=b64 -S rename,renameat,renameat2 -F success=1 -k kw_tier2",
                // log and history clearing in a container's own filesystem (runtime-threats)
                "-a always,exit -F arch=b64 -S unlink,unlinkat,truncate -F success=1 -k kw_tier2"),
                AuditRuleSet.tier2(RuleLoader.loadDefaultPack(), AuditRuleSet.TIER2_KEY));
        assertEquals(List.of(), AuditRuleSet.tier2(Rules.one("evt.type = execve and proc.name = xmrig", ""),
                AuditRuleSet.TIER2_KEY));
    }
}
