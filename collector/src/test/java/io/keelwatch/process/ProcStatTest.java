package io.keelwatch.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcStatTest {

    @Test
    void parsesFieldsAfterACommWithSpacesAndParentheses() {
        // Captured on this host (a busybox sleep in a container), comm changed to a hostile name.
        String stat = "21033 (a) b (c) S 21011 21033 21033 0 -1 4194560 1004 0 1 0 3 5 0 0 20 0 1 0 113300 2322432 325 "
                + "18446744073709551615 4198400 5785993 140724634439888 0 0 0 0 0 0 1 0 0 17 1 0 0 0 0 0";
        ProcStat s = ProcStat.parse(stat);
        assertEquals(21033, s.pid());
        assertEquals("a) b (c", s.comm());
        assertEquals(21011, s.ppid());
        assertEquals(113300, s.startTicks());
        assertEquals(1_795_000_000_000L + 1_133_000, s.startEpochMs(1_795_000_000_000L));
    }

    @Test
    void truncatedOrMissingStatIsNoAnswer() {
        assertNull(ProcStat.parse(null));
        assertNull(ProcStat.parse("12 (sh) S 1 2 3"));
        assertNull(ProcStat.parse("garbage"));
    }

    @Test
    void uidAndArgv() {
        assertEquals(61713, ProcStat.realUid("Name:\tsh\nUmask:\t0022\nUid:\t61713\t61713\t61713\t61713\n"));
        assertEquals(-1, ProcStat.realUid("Name:\tsh\n"));
        assertEquals(List.of("sh", "-c", "echo a b"), ProcStat.argv("sh\0-c\0echo a b\0"));
        assertEquals(List.of(), ProcStat.argv(""));
    }
}
