package io.keelwatch.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogTimeTest {

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void auditStampIsSecondsAndMillis() {
        assertEquals(1_795_529_065_085L, LogTime.auditMs(b("type=SYSCALL msg=audit(1795529065.085:36642): arch=c000003e")));
        assertEquals(1_795_529_065_500L, LogTime.auditMs(b("node=h type=X msg=audit(1795529065.5:1): x")));
        assertEquals(1_795_529_065_123L, LogTime.auditMs(b("msg=audit(1795529065.123456:1): x")));
    }

    @Test
    void linesWithoutAStampHaveNoTime() {
        assertEquals(LogTime.NONE, LogTime.auditMs(b("")));
        assertEquals(LogTime.NONE, LogTime.auditMs(b("type=X msg=audit(:1)")));
        assertEquals(LogTime.NONE, LogTime.auditMs(b("type=X msg=audit(17955")));
    }

    @Test
    void dockerEventTimePrefersNanos() {
        assertEquals(1_795_529_066_150L, LogTime.dockerEventMs(b("{\"time\":1795529066,\"timeNano\":1795529066150448639}")));
        assertEquals(1_795_529_066_000L, LogTime.dockerEventMs(b("{\"time\":1795529066}")));
        assertEquals(LogTime.NONE, LogTime.dockerEventMs(b("{\"Type\":\"container\"}")));
    }
}
