package io.keelwatch.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs ausearch itself on the team's capture and checks that our reader + reassembler + decoder agree
 * with its interpretation: same number of events, and for every execve and connect event the same pid,
 * ppid, exe, argv, cwd, address and port.
 */
class AusearchConformanceTest {
    static final Path CAPTURE = Path.of(System.getProperty("keelwatch.shared", "/work/shared"),
            "fixtures/captured/benign-containers/audit.log.gz");

    @TempDir
    static Path tmp;
    static List<AuditEvent> ours = new ArrayList<>();
    static List<ParseError> errors = new ArrayList<>();
    static List<List<String>> theirs;
    static ReassemblyStats stats;

    @BeforeAll
    static void runBoth() throws Exception {
        Path plain = tmp.resolve("audit.log");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(CAPTURE))) {
            Files.copy(in, plain);
        }
        Path out = tmp.resolve("ausearch.txt");
        Process p = new ProcessBuilder("ausearch", "--input", plain.toString(), "-i")
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertEquals(0, p.waitFor(), "ausearch exit status");
        theirs = ausearchEvents(Files.readAllLines(out, StandardCharsets.UTF_8));

        Reassembler reassembler = new Reassembler(ours::add);
        AuditLogReader reader = new AuditLogReader(reassembler::add, errors::add);
        reader.read(plain);
        reassembler.flush();
        stats = reassembler.stats();
    }

    /** ausearch separates events with {@code ----}; each event is its record lines. */
    static List<List<String>> ausearchEvents(List<String> lines) {
        List<List<String>> events = new ArrayList<>();
        List<String> cur = null;
        for (String l : lines) {
            if (l.equals("----")) {
                cur = new ArrayList<>();
                events.add(cur);
            } else if (l.startsWith("type=") && cur != null) {
                cur.add(l);
            }
        }
        return events;
    }

    @Test
    void eventCountEqualsAusearch() {
        assertEquals(0, errors.size(), () -> "parse errors: " + errors.subList(0, Math.min(5, errors.size())));
        assertEquals(78_217, stats.records());
        assertEquals(theirs.size(), ours.size(), () -> "ausearch " + theirs.size() + " ours " + ours.size() + " " + stats);
        assertEquals(14_131, ours.size());
    }

    @Test
    void execveAndConnectEventsMatchAusearchInterpretation() {
        Map<String, List<String>> bySerial = new HashMap<>();
        int theirExecve = 0;
        int theirConnect = 0;
        for (List<String> ev : theirs) {
            for (String rec : ev) {
                if (rec.startsWith("type=SYSCALL ")) {
                    bySerial.put(eventKey(rec), ev);
                    String call = value(rec, "syscall");
                    theirExecve += call.startsWith("execve") ? 1 : 0;
                    theirConnect += call.equals("connect") ? 1 : 0;
                }
            }
        }
        int execve = 0;
        int connect = 0;
        for (AuditEvent e : ours) {
            if (!(e instanceof SyscallEvent s)) {
                continue;
            }
            String name = s.call().name();
            if (!name.equals("execve") && !name.equals("execveat") && !name.equals("connect")) {
                continue;
            }
            String key = s.id().serial() + ":" + String.format("%03d", s.id().timestampMs() % 1000);
            List<String> their = bySerial.get(key);
            assertNotNull(their, () -> "ausearch has no event " + s.id());
            String sys = record(their, "SYSCALL");
            String where = s.id() + " ";
            assertEquals(value(sys, "pid"), String.valueOf(s.task().pid()), where + "pid");
            assertEquals(value(sys, "ppid"), String.valueOf(s.task().ppid()), where + "ppid");
            assertEquals(between(sys, " exe=", " key="), s.task().exe(), where + "exe");
            String cwd = record(their, "CWD");
            assertEquals(cwd == null ? null : after(cwd, " cwd="), s.cwd(), where + "cwd");
            if (name.startsWith("execve")) {
                execve++;
                String ex = record(their, "EXECVE");
                if (ex == null) {
                    assertEquals(List.of(), s.argv(), where + "argv without EXECVE");
                } else {
                    assertEquals(after(ex, " : "), argvText(s.argv()), where + "argv");
                }
            } else {
                connect++;
                String sa = record(their, "SOCKADDR");
                if (sa == null) {
                    assertEquals(null, s.sockaddr(), where);
                    continue;
                }
                assertSockaddr(after(sa, " saddr="), s.sockaddr(), where);
            }
        }
        assertEquals(theirExecve, execve, "execve/execveat events checked");
        assertEquals(theirConnect, connect, "connect events checked");
        assertTrue(execve > 0 && connect > 0);
    }

    private static void assertSockaddr(String their, SockAddr ours, String where) {
        if (their.contains("saddr_fam=inet")) {
            SockAddr.Inet in = (SockAddr.Inet) ours;
            assertEquals(between(their, "laddr=", " "), in.ip(), where + "address");
            assertEquals(between(their, "lport=", " "), String.valueOf(in.port()), where + "port");
            assertEquals(their.contains("saddr_fam=inet6"), in.v6(), where + "family");
        } else if (their.contains("saddr_fam=local path=")) {
            assertEquals(between(their, "path=", " }"), ((SockAddr.Unix) ours).path(), where + "unix path");
        } else if (their.contains("sockaddr len too short")) {
            assertEquals("", ((SockAddr.Unix) ours).path(), where + "short unix");
        } else if (their.contains("saddr_fam=netlink")) {
            assertTrue(ours instanceof SockAddr.Netlink, where + their);
        } else {
            assertTrue(ours instanceof SockAddr.Other, where + their);
        }
    }

    static String argvText(List<String> argv) {
        StringBuilder sb = new StringBuilder("argc=").append(argv.size());
        for (int i = 0; i < argv.size(); i++) {
            sb.append(" a").append(i).append('=').append(argv.get(i));
        }
        return sb.toString();
    }

    /** {@code SERIAL:MSEC} from {@code msg=audit(11/24/26 14:04:25.085:36642) :}. */
    static String eventKey(String rec) {
        int open = rec.indexOf("msg=audit(");
        int close = rec.indexOf(')', open);
        String stamp = rec.substring(open, close);
        int colon = stamp.lastIndexOf(':');
        int dot = stamp.lastIndexOf('.');
        return stamp.substring(colon + 1) + ":" + stamp.substring(dot + 1, colon);
    }

    static String record(List<String> event, String type) {
        for (String r : event) {
            if (r.startsWith("type=" + type + " ")) {
                return r;
            }
        }
        return null;
    }

    static String value(String rec, String name) {
        return between(rec, " " + name + "=", " ");
    }

    static String between(String s, String from, String to) {
        int i = s.indexOf(from);
        if (i < 0) {
            return null;
        }
        i += from.length();
        int j = s.indexOf(to, i);
        return (j < 0 ? s.substring(i) : s.substring(i, j)).trim();
    }

    static String after(String s, String from) {
        int i = s.indexOf(from);
        return i < 0 ? null : s.substring(i + from.length()).trim();
    }
}
