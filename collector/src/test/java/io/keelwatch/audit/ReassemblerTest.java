package io.keelwatch.audit;

import static io.keelwatch.audit.Fixtures.rec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReassemblerTest {
    private final List<EventId> ids = new ArrayList<>();
    private final List<List<AuditRecord>> groups = new ArrayList<>();

    private Reassembler reassembler(long timeoutMs, int maxInFlight) {
        return Reassembler.ofRecords((id, recs) -> {
            ids.add(id);
            groups.add(recs);
        }, timeoutMs, maxInFlight);
    }

    private static String sys(long ms, long serial) {
        return "type=SYSCALL msg=audit(" + ms / 1000 + "." + String.format("%03d", ms % 1000) + ":" + serial
                + "): arch=c000003e syscall=59 success=yes exit=0 items=0 ppid=1 pid=2";
    }

    private static String typed(String type, long ms, long serial, String body) {
        return "type=" + type + " msg=audit(" + ms / 1000 + "." + String.format("%03d", ms % 1000) + ":" + serial
                + "): " + body;
    }

    @Test
    void proctitleEndsTheEventAndInterleavedEventsStaySeparate() {
        Reassembler r = reassembler(2000, 16);
        r.add(rec(sys(1000, 10)));
        r.add(rec(sys(1000, 11)));
        r.add(rec(typed("CWD", 1000, 10, "cwd=\"/\"")));
        r.add(rec(typed("PROCTITLE", 1000, 11, "proctitle=6C73")));
        assertEquals(List.of(new EventId(null, 1000, 11)), ids);
        r.add(rec(typed("PROCTITLE", 1000, 10, "proctitle=6C73")));
        assertEquals(2, ids.size());
        assertEquals(3, groups.get(1).size());
        ReassemblyStats s = r.stats();
        assertEquals(2, s.completed());
        assertEquals(0, s.serialGaps());
        assertEquals(0, s.inFlight());
    }

    @Test
    void singleRecordTypesCloseAtOnceButLoginAndAnomWaitForTheirSyscall() {
        Reassembler r = reassembler(2000, 16);
        r.add(rec(typed("USER_ACCT", 1000, 5, "pid=1 msg='op=x res=success'")));
        r.add(rec(typed("DAEMON_START", 1000, 9000, "op=start")));
        assertEquals(2, ids.size());
        r.add(rec(typed("LOGIN", 1000, 6, "pid=1 old-auid=4294967295 auid=0")));
        r.add(rec(typed("ANOM_PROMISCUOUS", 1000, 7, "dev=veth0 prom=256")));
        assertEquals(2, r.inFlight());
        r.add(rec(sys(1000, 6)));
        r.add(rec(typed("EOE", 1000, 6, "")));
        assertEquals(3, ids.size());
        assertEquals(3, groups.get(2).size(), "LOGIN, SYSCALL and the EOE itself");
    }

    @Test
    void eventsCloseWhenLogTimePassesTheTimeout() {
        Reassembler r = reassembler(2000, 16);
        r.add(rec(sys(10_000, 1)));
        r.add(rec(sys(11_999, 2)));
        assertEquals(0, ids.size());
        r.add(rec(sys(12_000, 3)));
        assertEquals(List.of(new EventId(null, 10_000, 1)), ids);
        r.advanceTo(13_999);
        assertEquals(2, ids.size());
        r.advanceTo(5_000);
        assertEquals(2, ids.size(), "log time never goes back");
        r.flush();
        assertEquals(3, ids.size());
        ReassemblyStats s = r.stats();
        assertEquals(2, s.timedOut());
        assertEquals(1, s.flushed());
    }

    @Test
    void recordAfterItsEventWasEmittedIsLateAndEmittedAlone() {
        Reassembler r = reassembler(2000, 16);
        r.add(rec(sys(1000, 40)));
        r.add(rec(sys(3500, 41)));
        assertEquals(1, ids.size());
        r.add(rec(typed("PROCTITLE", 1000, 40, "proctitle=6C73")));
        assertEquals(2, ids.size());
        assertEquals(ids.get(0), ids.get(1));
        ReassemblyStats s = r.stats();
        assertEquals(1, s.late());
        assertEquals(0, s.serialGaps());
        assertEquals(0, s.duplicateSerials(), "a late record is not a new serial");
    }

    @Test
    void serialGapsCountLostRecordsAndOutOfOrderSerialsCancelThem() {
        Reassembler r = reassembler(2000, 64);
        for (long s : new long[] {100, 101, 105, 103, 104, 110}) {
            r.add(rec(sys(1000, s)));
        }
        ReassemblyStats st = r.stats();
        assertEquals(5 + 0, st.serialGaps(), "102, 106..109 never arrived");
        assertEquals(2, st.outOfOrder());
    }

    @Test
    void serialWrapAtTwoToThe32IsAStepOfOne() {
        Reassembler r = reassembler(2000, 64);
        for (long s : new long[] {4294967294L, 4294967295L, 0, 1, 3}) {
            r.add(rec(sys(1000, s)));
        }
        ReassemblyStats st = r.stats();
        assertEquals(1, st.serialGaps());
        assertEquals(0, st.serialResets());
    }

    @Test
    void olderSerialNeverMakesANegativeGap() {
        Reassembler r = reassembler(2000, 64);
        r.add(rec(sys(1000, 50)));
        r.add(rec(sys(1001, 40)));
        r.add(rec(sys(1002, 50)));
        ReassemblyStats st = r.stats();
        assertEquals(0, st.serialGaps());
        assertEquals(2, st.duplicateSerials());
    }

    @Test
    void daemonRecordsUseTheirOwnCounterAndDoNotCount() {
        Reassembler r = reassembler(2000, 64);
        r.add(rec(sys(1000, 36642)));
        r.add(rec(typed("DAEMON_ROTATE", 1001, 7221, "op=rotate-logs")));
        r.add(rec(sys(1002, 36643)));
        ReassemblyStats st = r.stats();
        assertEquals(0, st.serialGaps());
        assertEquals(0, st.serialResets());
        assertEquals(0, st.outOfOrder());
    }

    @Test
    void hugeJumpIsARestartNotLoss() {
        Reassembler r = reassembler(2000, 64);
        r.add(rec(sys(1000, 90_000_000)));
        r.add(rec(sys(1001, 12)));
        r.add(rec(sys(1002, 14)));
        ReassemblyStats st = r.stats();
        assertEquals(1, st.serialResets());
        assertEquals(1, st.serialGaps());
    }

    @Test
    void inFlightIsBoundedByEvictingTheOldest() {
        Reassembler r = reassembler(60_000, 2);
        r.add(rec(sys(1000, 1)));
        r.add(rec(sys(1000, 2)));
        r.add(rec(sys(1000, 3)));
        assertEquals(List.of(new EventId(null, 1000, 1)), ids);
        assertEquals(1, r.stats().evicted());
        assertEquals(2, r.inFlight());
    }

    @Test
    void nodeIsPartOfTheKey() {
        Reassembler r = reassembler(2000, 16);
        r.add(rec("node=a " + sys(1000, 7)));
        r.add(rec("node=b " + sys(1000, 7)));
        r.add(rec("node=a " + typed("PROCTITLE", 1000, 7, "proctitle=6C73")));
        assertEquals(List.of(new EventId("a", 1000, 7)), ids);
        assertEquals(2, groups.get(0).size());
        assertTrue(r.inFlight() == 1);
        assertEquals(0, r.stats().duplicateSerials(), "each node has its own serial space");
    }
}
