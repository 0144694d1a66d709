package io.keelwatch.audit.source;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AuditSourceStatsTest {

    @Test
    void kernelLostDeltasSumIncreasesAndSurviveAReset() {
        AuditSourceStats s = new AuditSourceStats();
        assertEquals(-1, s.kernelLost());
        assertEquals(0, s.kernelLostPolled(500), "the first poll is the baseline");
        assertEquals(20, s.kernelLostPolled(520));
        assertEquals(0, s.kernelLostPolled(3), "reset to a lower value: new baseline");
        assertEquals(7, s.kernelLostPolled(10));
        assertEquals(10, s.kernelLost());
        assertEquals(27, s.kernelLostDelta());
        assertEquals(27L, s.asMap().get("kernel_lost_delta"));
    }
}
