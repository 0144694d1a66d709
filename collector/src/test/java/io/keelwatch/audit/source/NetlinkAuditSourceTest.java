package io.keelwatch.audit.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.keelwatch.audit.Received;
import io.keelwatch.input.HostInput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Real kernel audit records through netlink, multicast and unicast. */
@Tag("host")
class NetlinkAuditSourceTest {

    /** Records of one event, by serial, as read from the source. */
    private static final class Events {
        final Map<String, List<HostInput.AuditNetlink>> bySerial = new HashMap<>();

        void add(HostInput.AuditNetlink m) {
            String p = new String(m.payload(), StandardCharsets.UTF_8);
            int colon = p.indexOf(':');
            int close = p.indexOf(')');
            if (!p.startsWith("audit(") || colon < 0 || close < colon) fail("payload not 'audit(...)': " + p);
            bySerial.computeIfAbsent(p.substring(colon + 1, close), s -> new ArrayList<>()).add(m);
        }

        /** The serial of the SYSCALL record carrying {@code key} whose EXECVE has {@code marker}. */
        String find(String key, String marker) {
            for (Map.Entry<String, List<HostInput.AuditNetlink>> e : bySerial.entrySet()) {
                boolean keyed = false;
                boolean marked = false;
                for (HostInput.AuditNetlink m : e.getValue()) {
                    String p = new String(m.payload(), StandardCharsets.UTF_8);
                    keyed |= m.type() == 1300 && p.contains("key=\"" + key + "\"");
                    marked |= m.type() == 1309 && p.contains(marker);
                }
                if (keyed && marked) return e.getKey();
            }
            return null;
        }
    }

    /** Runs {@code /bin/sh -c 'exit 0' MARKER} and reads until its execve event is complete (EOE). */
    private static List<HostInput.AuditNetlink> execAndRead(AuditSource src, String key) throws Exception {
        String marker = "kwmark" + Long.toHexString(System.nanoTime());
        Host.ok("/bin/sh", "-c", "exit 0", marker);
        Events ev = new Events();
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            Received got = src.next(500);
            HostInput in = got == null ? null : got.input();
            if (in == null) continue;
            HostInput.AuditNetlink m = (HostInput.AuditNetlink) in;
            ev.add(m);
            String serial = ev.find(key, marker);
            if (serial != null && ev.bySerial.get(serial).stream().anyMatch(r -> r.type() == 1320)) {
                return ev.bySerial.get(serial);
            }
        }
        fail("no complete execve event with key " + key + " and marker " + marker + " within 15 s; stats " + src.stats());
        return null;
    }

    private static void assertExecveEvent(List<HostInput.AuditNetlink> records) {
        List<Integer> types = records.stream().map(HostInput.AuditNetlink::type).toList();
        assertTrue(types.contains(1300), "SYSCALL in " + types);
        assertTrue(types.contains(1309), "EXECVE in " + types);
        assertTrue(types.contains(1327), "PROCTITLE in " + types);
        assertEquals(1320, types.get(types.size() - 1), "EOE ends the event: " + types);
        for (HostInput.AuditNetlink r : records) {
            byte[] p = r.payload();
            assertNotEquals(0, p[p.length - 1], "no trailing NUL");
        }
    }

    @Test
    void multicastDeliversTheRecordsOfOurRule() throws Exception {
        String key = Host.key("mc");
        AuditRule rule = AuditRuleParser.parse("-a always,exit -F arch=b64 -S execve -F key=" + key);
        AuditSourceStats stats = new AuditSourceStats();
        try (AuditControl c = AuditControl.open(); NetlinkAuditSource src = NetlinkAuditSource.multicast(stats)) {
            int enabledBefore = c.status().enabled();
            if (enabledBefore == 0) c.setEnabled(1);
            c.addRule(rule);
            try {
                assertExecveEvent(execAndRead(src, key));
            } finally {
                c.deleteRule(rule);
                if (enabledBefore == 0) c.setEnabled(0);
            }
            assertTrue(stats.messages() >= 4);
            assertTrue(stats.bytes() > 0);
            assertFalse(src.isUnicast());
        }
        assertFalse(Host.auditctlRules().stream().anyMatch(l -> l.contains(key)));
    }

    @Test
    void unicastBecomesTheAuditDaemonAndRestoresTheKernelOnClose() throws Exception {
        String key = Host.key("uc");
        AuditStatus before = Host.waitForFreeAuditPid();
        assertEquals(0, before.pid(), "another process (pid " + before.pid() + ") holds the kernel audit pid:"
                + " the unicast test needs it free (stop auditd)");
        AuditRule rule = AuditRuleParser.parse("-a always,exit -F arch=b64 -S execve -F key=" + key);
        AuditSourceStats stats = new AuditSourceStats();
        int self = (int) ProcessHandle.current().pid();
        try (NetlinkAuditSource src = NetlinkAuditSource.unicast(
                new NetlinkAuditSource.UnicastSettings(8192, 0, List.of(rule)), stats)) {
            try (AuditControl c = AuditControl.open()) {
                AuditStatus during = c.status();
                assertEquals(self, during.pid());
                assertEquals(8192, during.backlogLimit());
                assertEquals(0, during.backlogWaitTime());
                assertTrue(during.enabled() >= 1);
            }
            List<String> rules = Host.auditctlRules();
            assertTrue(rules.contains("-a never,exit -S all -F pid=" + self), "own pid excluded: " + rules);
            assertTrue(rules.indexOf("-a never,exit -S all -F pid=" + self) == 0, "exclusion first: " + rules);
            assertExecveEvent(execAndRead(src, key));
            assertTrue(src.isUnicast());
        }
        try (AuditControl c = AuditControl.open()) {
            AuditStatus after = c.status();
            assertEquals(0, after.pid());
            assertEquals(before.backlogLimit(), after.backlogLimit());
            assertEquals(before.backlogWaitTime(), after.backlogWaitTime());
            assertEquals(before.enabled(), after.enabled());
        }
        List<String> rules = Host.auditctlRules();
        assertFalse(rules.stream().anyMatch(l -> l.contains(key) || l.contains("pid=" + self)), rules.toString());
    }

    @Test
    void anOverrunMulticastSocketCountsEnobufsAndKeepsReading() throws Exception {
        String key = Host.key("nobufs");
        AuditRule rule = AuditRuleParser.parse("-a always,exit -F arch=b64 -S execve -F key=" + key);
        AuditSourceStats stats = new AuditSourceStats();
        try (AuditControl c = AuditControl.open(); NetlinkAuditSource src = NetlinkAuditSource.multicast(stats, 4096)) {
            int enabledBefore = c.status().enabled();
            if (enabledBefore == 0) c.setEnabled(1);
            c.addRule(rule);
            try {
                // Some 1,200 records into a few KiB of socket buffer nobody reads meanwhile.
                Host.ok("/bin/sh", "-c", "i=0; while [ $i -lt 300 ]; do /bin/true; i=$((i+1)); done");
                long read = 0;
                while (src.next(300) != null) read++;
                assertTrue(stats.enobufs() > 0, "ENOBUFS counted: " + stats);
                assertTrue(read > 0, "records read after the overrun");
                // Not fatal: the socket delivers new records after the overrun (a few KiB of buffer
                // may overrun again under other activity, so any record of ours will do).
                String marker = "kwafter" + System.nanoTime();
                Host.ok("/bin/sh", "-c", "exit 0", marker);
                boolean seen = false;
                long deadline = System.currentTimeMillis() + 15_000;
                while (!seen && System.currentTimeMillis() < deadline) {
                    Received got = src.next(300);
            HostInput in = got == null ? null : got.input();
                    seen = in != null && new String(((HostInput.AuditNetlink) in).payload(), StandardCharsets.UTF_8)
                            .contains(key);
                }
                assertTrue(seen, "a record of our rule after the overrun; stats " + stats);
            } finally {
                c.deleteRule(rule);
                if (enabledBefore == 0) c.setEnabled(0);
            }
        }
    }

    @Test
    void lostCounterIsPolled() throws Exception {
        AuditSourceStats stats = new AuditSourceStats();
        try (KernelLostPoller p = KernelLostPoller.open(stats)) {
            assertEquals(-1, stats.kernelLost());
            p.pollOnce();
            long first = stats.kernelLost();
            assertTrue(first >= 0);
            long lost;
            try (AuditControl c = AuditControl.open()) {
                lost = c.status().lost();
            }
            p.pollOnce();
            assertTrue(stats.kernelLost() >= lost, "the counter only grows between polls");
            assertEquals(stats.kernelLost() - first, stats.kernelLostDelta());
        }
    }
}
