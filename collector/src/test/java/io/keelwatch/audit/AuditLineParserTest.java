package io.keelwatch.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AuditLineParserTest {
    private final AuditLineParser parser = new AuditLineParser();

    private AuditRecord line(String s) throws MalformedRecordException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return parser.parseLine(b, 0, b.length);
    }

    @Test
    void headerGivesTypeTimestampSerial() throws Exception {
        AuditRecord r = line("type=SYSCALL msg=audit(1795529065.085:36642): arch=c000003e syscall=59 success=yes\n");
        assertEquals(RecordType.SYSCALL, r.type());
        assertEquals("SYSCALL", r.typeName());
        assertNull(r.node());
        assertEquals(1795529065085L, r.timestampMs());
        assertEquals(36642, r.serial());
        assertEquals(new EventId(null, 1795529065085L, 36642), r.eventId());
        assertEquals("type=SYSCALL msg=audit(1795529065.085:36642): arch=c000003e syscall=59 success=yes", r.text());
        assertEquals(0xc000003eL, r.fieldHex("arch", -1));
        assertEquals(59, r.fieldLong("syscall", -1));
        assertEquals("yes", r.field("success"));
    }

    @Test
    void nodePrefixIsKeptAndPartOfTheEventId() throws Exception {
        AuditRecord r = line("node=host-a.example type=PROCTITLE msg=audit(1.002:4294967295): proctitle=6C73");
        assertEquals("host-a.example", r.node());
        assertEquals(4294967295L, r.serial());
        assertEquals(1002, r.timestampMs());
        assertEquals("ls", r.field("proctitle"));
    }

    @Test
    void unknownAndNumericTypesMapToNumbers() throws Exception {
        AuditRecord u = line("type=UNKNOWN[1420] msg=audit(1.000:1): subj_apparmor=unconfined");
        assertEquals(1420, u.type());
        assertEquals("UNKNOWN[1420]", u.typeName());
        AuditRecord n = line("audit: type=1300 audit(1.000:1): arch=c00000b7 syscall=221");
        assertEquals(RecordType.SYSCALL, n.type());
        assertEquals("SYSCALL", n.typeName());
        AuditRecord known = line("type=UNKNOWN[1300] msg=audit(1.000:1): a=b");
        assertEquals("SYSCALL", known.typeName());
    }

    @Test
    void netlinkPayloadTakesTheTypeFromTheHeaderAndReadsAsALogLine() throws Exception {
        byte[] p = "audit(1795529065.085:36642): cwd=\"/tmp\"\0".getBytes(StandardCharsets.US_ASCII);
        AuditRecord r = parser.parseNetlink(1307, p, 0, p.length);
        assertEquals(RecordType.CWD, r.type());
        assertEquals("/tmp", r.field("cwd"));
        assertEquals("type=CWD msg=audit(1795529065.085:36642): cwd=\"/tmp\"", r.text());
        assertEquals(r, line(r.text()));
        byte[] eoe = "audit(1.000:7): ".getBytes(StandardCharsets.US_ASCII);
        AuditRecord e = parser.parseNetlink(1320, eoe, 0, eoe.length);
        assertEquals(0, e.fieldCount());
        AuditRecord unknown = parser.parseNetlink(1423, eoe, 0, eoe.length);
        assertEquals("UNKNOWN[1423]", unknown.typeName());
        assertEquals(1423, unknown.type());
    }

    @Test
    void enrichedTailIsSeparateFromRawFields() throws Exception {
        AuditRecord r = line("type=SYSCALL msg=audit(1.000:1): arch=c000003e syscall=59 auid=4294967295 key=(null)"
                + "\u001dARCH=x86_64 SYSCALL=execve AUID=\"unset\" UID=\"root\"");
        assertEquals(4, r.rawFieldCount());
        assertEquals(8, r.fieldCount());
        assertEquals("x86_64", r.enrichedField("ARCH"));
        assertEquals("execve", r.enrichedField("SYSCALL"));
        assertEquals("root", r.enrichedField("UID"));
        assertNull(r.field("UID"), "raw lookup does not see the tail");
        assertNull(r.enrichedField("arch"));
        assertNull(r.field("key"), "(null) is null-ish");
        assertEquals("(null)", r.rawField("key"));
        assertTrue(r.isEnriched(4));
        assertFalse(r.isEnriched(3));
        assertEquals("arch=c000003e syscall=59 auid=4294967295 key=(null)", r.body());
    }

    @Test
    void bracedEnrichedSaddr() throws Exception {
        AuditRecord r = line("type=SOCKADDR msg=audit(1.000:1): saddr=01002F7661722F72756E2F646F636B65722E736F636B00"
                + "\u001dSADDR={ saddr_fam=local path=/var/run/docker.sock }");
        assertEquals("/var/run/docker.sock", new String(r.fieldBytes("saddr"), 2, 20, StandardCharsets.US_ASCII));
        assertEquals("saddr_fam=local path=/var/run/docker.sock", r.enrichedField("SADDR"));
        assertEquals(AuditRecord.ValueKind.BRACED, r.kind(r.enrichedIndexOf("SADDR")));
        assertEquals(2, r.fieldCount(), "the brace content is one value, not fields");
    }

    @Test
    void hexDecodingIsDecidedByFieldNameNotShape() throws Exception {
        AuditRecord ex = line("type=EXECVE msg=audit(1.000:1): argc=3 a0=\"10\" a1=3130 a2=\"x y\"");
        assertEquals("10", ex.field("a0"), "quoted is literal");
        assertEquals("10", ex.field("a1"), "unquoted EXECVE arg is hex");
        AuditRecord sys = line("type=SYSCALL msg=audit(1.000:1): a0=3130 exe=2F62696E2F612062 comm=\"x\"");
        assertEquals("3130", sys.field("a0"), "SYSCALL a0 is a number");
        assertEquals(0x3130, sys.fieldHex("a0", -1));
        assertEquals("/bin/a b", sys.field("exe"));
        AuditRecord path = line("type=PATH msg=audit(1.000:1): item=0 name=2F746D702F6120622E7368 mode=0100755 dev=fe:00");
        assertEquals("/tmp/a b.sh", path.field("name"));
        assertEquals(0100755, path.fieldOctal("mode", -1));
        assertEquals("fe:00", path.field("dev"));
        AuditRecord notHex = line("type=USER_LOGIN msg=audit(1.000:1): addr=10.0.0.1 acct=root");
        assertEquals("10.0.0.1", notHex.field("addr"));
        assertEquals("root", notHex.field("acct"));
    }

    @Test
    void nullishValues() throws Exception {
        AuditRecord r = line("type=USER_LOGIN msg=audit(1.000:1): tty=(none) hostname=? key=(null) auid=unset x= y=\"\"");
        for (String f : new String[] {"tty", "hostname", "key", "auid", "x"}) {
            assertTrue(r.has(f), f);
            assertNull(r.field(f), f);
            assertEquals(AuditRecord.ValueKind.NULLISH, r.kind(r.indexOf(f)), f);
        }
        assertEquals("", r.field("y"));
        assertEquals(-7, r.fieldLong("auid", -7));
    }

    @Test
    void userSpaceMsgFieldsAreNested() throws Exception {
        AuditRecord r = line("type=USER_ACCT msg=audit(1.000:1): pid=1 uid=0 auid=4294967295 ses=4294967295 "
                + "subj=unconfined msg='op=PAM:accounting grantors=pam_permit acct=\"root\" exe=\"/usr/sbin/cron\" "
                + "hostname=? addr=? terminal=cron res=success'\u001dUID=\"root\" AUID=\"unset\"");
        int msg = r.indexOf("msg");
        assertEquals(AuditRecord.ValueKind.NESTED, r.kind(msg));
        assertEquals("PAM:accounting", r.field("op"));
        assertTrue(r.isNested(r.indexOf("op")));
        assertEquals("root", r.field("acct"));
        assertEquals("/usr/sbin/cron", r.field("exe"));
        assertEquals("success", r.field("res"));
        assertNull(r.field("hostname"));
        assertEquals("root", r.enrichedField("UID"));
    }

    @Test
    void oldPamMessageWithParentheses() throws Exception {
        AuditRecord r = line("type=USER_START msg=audit(1.000:1): user pid=1 uid=0 auid=0 msg='PAM: session open "
                + "acct=root : exe=\"/usr/sbin/crond\" (hostname=?, addr=?, terminal=cron res=success)'");
        assertEquals("root", r.field("acct"));
        assertEquals("/usr/sbin/crond", r.field("exe"));
        assertEquals("cron", r.field("terminal"));
        assertEquals("success", r.field("res"));
        assertTrue(r.has("hostname"));
        assertNull(r.field("hostname"));
    }

    @Test
    void avcHeaderWordsAndBracesAreSkipped() throws Exception {
        AuditRecord r = line("type=AVC msg=audit(1631798689.083:65686): avc:  denied  { setuid } for  pid=15381 "
                + "comm=\"laurel\" capability=7  scontext=system_u:system_r:auditd_t:s0 tclass=capability permissive=1");
        assertEquals(15381, r.fieldLong("pid", -1));
        assertEquals("laurel", r.field("comm"));
        assertEquals("capability", r.field("tclass"));
        assertEquals("pid", r.fieldName(0));
    }

    @Test
    void oddBodiesFromRealKernels() throws Exception {
        AuditRecord tty = line("type=TTY msg=audit(1.000:1): tty pid=2 uid=0 data=6C730D");
        assertEquals("ls\r", tty.field("data"));
        AuditRecord subj = line("type=SYSCALL msg=audit(1.000:1): subj==/usr/sbin/ntpd (enforce) key=(null)");
        assertEquals("=/usr/sbin/ntpd", subj.field("subj"));
        assertTrue(subj.has("key"));
        AuditRecord glob = line("type=SYSCALL msg=audit(1.000:1): subj=/{,usr/}sbin/dhclient key=(null)");
        assertEquals("/{,usr/}sbin/dhclient", glob.field("subj"));
        AuditRecord cwd = line("type=CWD msg=audit(1.000:1):  cwd=\"/home/u\"");
        assertEquals("/home/u", cwd.field("cwd"));
    }

    @Test
    void fieldsIterateWithoutLookups() throws Exception {
        AuditRecord r = line("type=CWD msg=audit(1.000:1): cwd=\"/a\" x=1");
        assertEquals(2, r.fieldCount());
        assertEquals("cwd", r.fieldName(0));
        assertTrue(r.nameEquals(1, "x"));
        assertEquals("\"/a\"", r.rawValue(0));
        assertEquals(1, r.valueLong(1, -1));
        assertArrayEquals("/a".getBytes(StandardCharsets.US_ASCII), r.valueBytes(0));
    }

    @Test
    void malformedLinesCarryReasonAndColumn() {
        MalformedRecordException e = assertThrows(MalformedRecordException.class,
                () -> line("type=SYSCALL msg=audit(12x.000:1): a=b"));
        assertEquals("bad timestamp seconds", e.reason());
        assertEquals(25, e.column(), "the 'x'");
        assertThrows(MalformedRecordException.class, () -> line(""));
        assertEquals("no type=", assertThrows(MalformedRecordException.class, () -> line("hello")).reason());
        assertEquals("bad serial", assertThrows(MalformedRecordException.class,
                () -> line("type=CWD msg=audit(1.000:4294967296): cwd=\"/\"")).reason());
        assertEquals("bad timestamp seconds", assertThrows(MalformedRecordException.class,
                () -> line("type=SYSCALL msg=audit(11/24/26 14:04:25.090:7221) : arch=x86_64")).reason(),
                "ausearch -i output is not raw input");
        assertEquals("no audit( header", assertThrows(MalformedRecordException.class,
                () -> line("type=SYSCALL arch=x86_64")).reason());
        assertEquals("unterminated quote", assertThrows(MalformedRecordException.class,
                () -> line("type=CWD msg=audit(1.000:1): cwd=\"/tm")).reason());
    }

    @Test
    void splicedLineIsRejected() {
        String spliced = "type=DAEMON_END msg=audit(1724970459.096:8216): op=terminate auid=0 pid=12333 "
                + "subj=24970459.090:670): pid=12323 uid=0 auid=4294967295 ses=4294967295 msg='op=PAM:session_open' res=success";
        MalformedRecordException e = assertThrows(MalformedRecordException.class, () -> line(spliced));
        assertTrue(e.reason().startsWith("spliced line"), e.reason());
    }

    @Test
    void legacyConstructorParsesTheLine() {
        byte[] b = "type=CWD msg=audit(1.500:9): cwd=\"/\"".getBytes(StandardCharsets.US_ASCII);
        AuditRecord r = new AuditRecord(RecordType.CWD, null, 1500, 9, b);
        assertEquals("/", r.field("cwd"));
        assertThrows(IllegalArgumentException.class, () -> new AuditRecord(RecordType.PATH, null, 1500, 9, b));
    }
}
