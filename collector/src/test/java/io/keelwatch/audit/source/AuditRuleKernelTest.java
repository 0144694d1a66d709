package io.keelwatch.audit.source;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rules round-trip through the kernel: our encoding is what auditctl sends and lists back as the same text. */
@Tag("host")
class AuditRuleKernelTest {
    @TempDir
    Path dir;

    private List<String> texts(String k) {
        return List.of(
                "-a always,exit -F arch=b64 -S execve -F key=" + k,
                "-a always,exit -F arch=b64 -S execve,execveat -F key=" + k,
                "-a always,exit -F arch=b64 -S open,openat -F a1&0x3 -F success=1 -F key=" + k,
                "-a always,exit -F arch=b64 -S socket -F a1&=0x3 -F key=" + k,
                "-a always,exit -F arch=b64 -S clone -F a0&0x7C020000 -F key=" + k,
                "-a always,exit -F arch=b64 -S bpf -F a0=0x5 -F key=" + k,
                "-a always,exit -F arch=b64 -S connect -F saddr_fam=2 -F exit=-EACCES -F key=" + k,
                "-a always,exit -F arch=b64 -S execve -F ppid=2 -F uid=0 -F auid!=-1 -F key=" + k,
                "-a always,exit -F arch=b64 -S pivot_root,mount,umount2 -F key=" + k,
                "-a always,exit -F arch=b64 -S all -F path=/etc/hostname -F perm=r -F key=" + k,
                "-a always,exit -F arch=b64 -S all -F dir=" + dir + " -F perm=wa -F key=" + k,
                "-a always,exit -F arch=b32 -S all -F key=" + k,
                "-a always,exit -F arch=b64 -S execve -F exe=/usr/bin/ls -F key=" + k,
                "-a never,exit -S all -F pid=4000000 -F key=" + k,
                "-w " + dir + " -p wa -k " + k,
                "-w /etc/hostname -p r -k " + k);
    }

    @Test
    void rulesAddedThroughAuditControlListInAuditctlAsTheirText() throws Exception {
        String k = Host.key("enc");
        List<String> texts = texts(k);
        List<AuditRule> added = new ArrayList<>();
        try (AuditControl c = AuditControl.open()) {
            try {
                for (String t : texts) {
                    AuditRule r = AuditRuleParser.parse(t);
                    c.addRule(r);
                    added.add(r);
                }
                List<String> listed = Host.auditctlRules().stream().filter(l -> l.contains(k)).toList();
                assertEquals(texts, listed);
                List<String> ours = c.listRules().stream().map(AuditRule::toString).filter(l -> l.contains(k)).toList();
                assertEquals(texts, ours, "our decoding of AUDIT_LIST_RULES prints like auditctl -l");
            } finally {
                for (AuditRule r : added) c.deleteRule(r);
            }
            assertFalse(Host.auditctlRules().stream().anyMatch(l -> l.contains(k)), "all deleted again");
        }
    }

    @Test
    void encodingEqualsWhatAuditctlLoads() throws Exception {
        String k = Host.key("bin");
        for (String t : texts(k)) {
            if (t.contains("pid=4000000")) continue;   // auditctl wants -S before -k there; same shape as above
            String[] args = t.split(" ");
            Host.ok(concat("auditctl", args));
            try (AuditControl c = AuditControl.open()) {
                AuditRule loaded = c.listRules().stream().filter(r -> k.equals(r.key())).findFirst().orElse(null);
                assertNotNull(loaded, t);
                AuditRule ours = AuditRuleParser.parse(t);
                assertEquals(loaded.filter(), ours.filter(), t);
                assertEquals(loaded.action(), ours.action(), t);
                assertEquals(loaded.fields(), ours.fields(), t);
                byte[] a = loaded.encode();
                byte[] b = ours.encode();
                // Word 63 of the syscall mask holds the class bits the kernel expands; the rest must match.
                assertTrue(Arrays.equals(a, 12, 12 + 63 * 4, b, 12, 12 + 63 * 4), "syscall mask of " + t);
                c.deleteRule(ours);   // the kernel matches our encoding against auditctl's rule
            } finally {
                Host.run(concat("auditctl", t.replaceFirst("^-a ", "-d ").replaceFirst("^-w ", "-W ").split(" ")));
            }
        }
        assertFalse(Host.auditctlRules().stream().anyMatch(l -> l.contains(k)));
    }

    private static String[] concat(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
