package io.keelwatch.audit.source;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditRuleParserTest {

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
    }

    @Test
    void encodesASyscallRuleAsStructAuditRuleData() throws Exception {
        AuditRule r = AuditRuleParser.parse("-a always,exit -F arch=b64 -S execve,execveat -k kw_exec");
        byte[] b = r.encode();
        ByteBuffer bb = le(b);
        assertEquals(1040 + "kw_exec".length(), b.length);
        assertEquals(4, bb.getInt(0), "AUDIT_FILTER_EXIT");
        assertEquals(2, bb.getInt(4), "AUDIT_ALWAYS");
        assertEquals(2, bb.getInt(8), "two fields");
        // execve = 59 (word 1, bit 27), execveat = 322 (word 10, bit 2) on x86_64
        assertEquals(1 << 27, bb.getInt(12 + 4));
        assertEquals(1 << 2, bb.getInt(12 + 40));
        int fields = 12 + 256;
        assertEquals(11, bb.getInt(fields), "AUDIT_ARCH");
        assertEquals(0xC000003E, bb.getInt(fields + 256), "AUDIT_ARCH_X86_64");
        assertEquals(0x40000000, bb.getInt(fields + 512), "AUDIT_EQUAL");
        assertEquals(210, bb.getInt(fields + 4), "AUDIT_FILTERKEY");
        assertEquals(7, bb.getInt(fields + 256 + 4), "key length");
        assertEquals(7, bb.getInt(1036), "buflen");
        assertEquals("kw_exec", new String(b, 1040, 7));
        assertEquals(r, AuditRule.decode(b));
        assertEquals("-a always,exit -F arch=b64 -S execve,execveat -F key=kw_exec", r.toString());
        assertEquals("kw_exec", r.key());
        assertTrue(r.hasSyscall(59));
        assertFalse(r.hasSyscall(60));
    }

    @Test
    void operatorsAndSymbolicValues() throws Exception {
        AuditRule r = AuditRuleParser.parse("-a always,exit -F arch=b64 -S socket -F a1&=3 -F a0&0x10 -F uid!=unset"
                + " -F exit=-EPERM -F auid>=1000 -F pid<=10 -F ppid>2 -F ppid<9 -F filetype=block -F perm=rwxa");
        List<String> ops = new ArrayList<>();
        for (AuditRule.Field f : r.fields()) ops.add(f.name() + RuleFields.opText(f.op()) + f.value());
        assertEquals(List.of("arch=-1073741762", "a1&=3", "a0&16", "uid!=-1", "exit=-1", "auid>=1000", "pid<=10",
                "ppid>2", "ppid<9", "filetype=24576", "perm=15"), ops);
        assertEquals("-a always,exit -F arch=b64 -S socket -F a1&=0x3 -F a0&0x10 -F uid!=-1 -F exit=-EPERM"
                + " -F auid>=1000 -F pid<=10 -F ppid>2 -F ppid<9 -F filetype=24576 -F perm=rwxa", r.toString());
    }

    @Test
    void numbersReadLikeStrtoul() throws Exception {
        assertEquals(3, AuditRuleParser.parse("-a always,exit -S open -F a1&03").fields().get(0).value());
        assertEquals(8, AuditRuleParser.parse("-a always,exit -S open -F a1&010").fields().get(0).value());
        assertEquals(0x7C020000, AuditRuleParser.parse("-a always,exit -S clone -F a0&0x7C020000").fields().get(0).value());
    }

    @Test
    void anExitRuleWithoutSyscallsCoversAll() throws Exception {
        AuditRule r = AuditRuleParser.parse("-a always,exit -F arch=b64 -F path=/etc/shadow -F perm=r -k kw_host_secret");
        assertTrue(r.allSyscalls());
        assertEquals("-a always,exit -F arch=b64 -S all -F path=/etc/shadow -F perm=r -F key=kw_host_secret", r.toString());
    }

    @Test
    void watchesUseDirForDirectoriesAndPrintAsW(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = Files.createFile(dir.resolve("f"));
        AuditRule d = AuditRuleParser.parse("-w " + dir + " -p wa -k k1");
        AuditRule f = AuditRuleParser.parse("-w " + file + " -p r -k k2");
        assertEquals(RuleFields.DIR, d.fields().get(0).id());
        assertEquals(RuleFields.WATCH, f.fields().get(0).id());
        assertEquals("-w " + dir + " -p wa -k k1", d.toString());
        assertEquals("-w " + file + " -p r -k k2", f.toString());
    }

    @Test
    void otherListsAndActionOrder() throws Exception {
        AuditRule fs = AuditRuleParser.parse("-a filesystem,never -F fstype=tracefs");
        assertEquals(AuditRule.Filter.FILESYSTEM, fs.filter());
        assertEquals("-a never,filesystem -F fstype=tracefs", fs.toString());
        AuditRule ex = AuditRuleParser.parse("-a never,exclude -F msgtype=EOE");
        assertEquals(1320, ex.fields().get(0).value());
        assertEquals("-a never,exclude -F msgtype=EOE", ex.toString());
        assertNull(ex.key());
    }

    @Test
    void b32RulesUseTheI386Table() throws Exception {
        AuditRule r = AuditRuleParser.parse("-a always,exit -F arch=b32 -S execve -k k");
        assertTrue(r.hasSyscall(11), "execve is 11 on i386");
        assertEquals("-a always,exit -F arch=b32 -S execve -F key=k", r.toString());
    }

    @Test
    void theRecommendedRuleSetParsesAndRoundTrips() throws Exception {
        Path notes = Path.of(System.getProperty("keelwatch.shared", "/work/shared"), "notes", "detections.md");
        String text = Files.readString(notes);
        String block = text.substring(text.indexOf("### 3.2"), text.indexOf("### 3.4"));
        int parsed = 0;
        for (String line : block.split("\n")) {
            line = line.trim();
            if (!line.startsWith("-a ") && !line.startsWith("-w ")) continue;
            if (line.contains("uid=keelwatch") || line.contains("dir=/var/spool/cron")) continue;   // host specific
            AuditRule r = AuditRuleParser.parse(line);
            assertEquals(r, AuditRule.decode(r.encode()), line);
            assertEquals(r, AuditRuleParser.parse(r.toString()), "printed form parses back: " + line);
            parsed++;
        }
        assertTrue(parsed >= 35, "rules parsed: " + parsed);
    }

    @Test
    void errorsNameTheProblem() {
        assertEquals("unknown syscall 'execvee' for x86_64", assertThrows(AuditRuleSyntaxException.class,
                () -> AuditRuleParser.parse("-a always,exit -F arch=b64 -S execvee")).reason());
        assertEquals("unsupported field 'colour'", assertThrows(AuditRuleSyntaxException.class,
                () -> AuditRuleParser.parse("-a always,exit -S all -F colour=red")).reason());
        assertEquals("unknown action or list 'sometimes'", assertThrows(AuditRuleSyntaxException.class,
                () -> AuditRuleParser.parse("-a sometimes,exit")).reason());
        assertEquals("unsupported option -b", assertThrows(AuditRuleSyntaxException.class,
                () -> AuditRuleParser.parse("-b 8192")).reason());
        assertEquals("needs -a ACTION,LIST or -w PATH", assertThrows(AuditRuleSyntaxException.class,
                () -> AuditRuleParser.parse("-F pid=1")).reason());
        assertEquals("bad permission 'rz' (use r, w, x, a)", assertThrows(AuditRuleSyntaxException.class,
                () -> AuditRuleParser.parse("-w /etc -p rz")).reason());
        AuditRuleSyntaxException e = assertThrows(AuditRuleSyntaxException.class,
                () -> AuditRuleParser.parseAll("# comment\n\n-a always,exit -S execve\n-a always,exit -F uid=nosuchuser_kw\n"));
        assertEquals("line 4: unknown uid 'nosuchuser_kw'", e.reason());
    }

    @Test
    void decodeRejectsTruncatedData() {
        assertThrows(IllegalArgumentException.class, () -> AuditRule.decode(new byte[100]));
    }
}
