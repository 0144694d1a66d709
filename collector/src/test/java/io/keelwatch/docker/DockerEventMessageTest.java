package io.keelwatch.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.event.BenignCapture;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class DockerEventMessageTest {

    @Test
    void decodesEveryMessageOfTheBenignCapture() throws IOException {
        int execStarts = 0;
        for (String json : BenignCapture.dockerEvents()) {
            DockerEventMessage m = DockerEventMessage.parse(json);
            assertTrue(m.timeNano() > 1_795_529_000_000_000_000L, json);
            if (m.isContainer() && m.verb().equals("exec_start")) {
                execStarts++;
                assertEquals("kwweb", m.attributes().get("name"));
                assertTrue(m.action().startsWith("exec_start: sh -c"));
            }
        }
        assertEquals(41, execStarts);
    }

    @Test
    void notAnEventNamesWhatIsMissing() {
        assertEquals("Type", assertThrows(InspectFormatException.class,
                () -> DockerEventMessage.parse("{\"Action\":\"start\"}")).field());
        assertEquals("$", assertThrows(InspectFormatException.class, () -> DockerEventMessage.parse("[1]")).field());
    }
}
