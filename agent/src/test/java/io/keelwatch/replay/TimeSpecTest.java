package io.keelwatch.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TimeSpecTest {

    static final long MS = 1_795_529_066_150L; // 2026-11-24T14:04:26.150Z

    @Test
    void isoForms() {
        assertEquals(MS, TimeSpec.parseMs("2026-11-24T14:04:26.150Z"));
        assertEquals(MS, TimeSpec.parseMs("2026-11-24T15:04:26.150+01:00"));
        assertEquals(MS, TimeSpec.parseMs("2026-11-24T14:04:26.150"));
        assertEquals(MS - (14 * 3600 + 4 * 60 + 26) * 1000L - 150, TimeSpec.parseMs("2026-11-24"));
    }

    @Test
    void epochSecondsFractionsAndMillis() {
        assertEquals(MS, TimeSpec.parseMs("1795529066.150"));
        assertEquals(MS - 150, TimeSpec.parseMs("1795529066"));
        assertEquals(MS, TimeSpec.parseMs("1795529066150"));
    }

    @Test
    void garbageIsAnErrorNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TimeSpec.parseMs("yesterday"));
        assertTrue(e.getMessage().contains("yesterday"));
    }
}
