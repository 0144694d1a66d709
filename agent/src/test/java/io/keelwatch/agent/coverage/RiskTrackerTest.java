package io.keelwatch.agent.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.keelwatch.container.ContainerInfo;
import io.keelwatch.docker.InspectParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The books over real inspect documents (captured on this host: default, strong, --cap-add SYS_ADMIN). */
class RiskTrackerTest {
    private final List<String> wants = new ArrayList<>();
    private final RiskTracker tracker = new RiskTracker((loaded, why) -> wants.add((loaded ? "load " : "remove ") + why));

    static ContainerInfo fixture(String name) throws IOException {
        try (InputStream in = RiskTrackerTest.class.getResourceAsStream(name + ".json")) {
            return InspectParser.container(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void twoRiskyContainersOneStopsTheRulesStay() throws IOException {
        ContainerInfo strong = fixture("strong");
        ContainerInfo sysadmin = fixture("sysadmin");
        tracker.running(strong);
        tracker.running(strong);           // create, then start: one container, one want
        tracker.running(sysadmin);
        assertEquals(2, tracker.riskyCount());
        tracker.stopped(strong);
        assertEquals(List.of("load container " + strong.shortId() + " (kwdr-strong): CAP_SYS_ADMIN"), wants,
                "still one risky container: nothing removed");
        tracker.stopped(sysadmin);
        assertEquals("remove the last container able to write kernel knobs, container " + sysadmin.shortId()
                + " (kwdr-sysadmin), stopped", wants.get(1));
        assertEquals(2, wants.size());
        assertEquals(0, tracker.riskyCount());
    }

    @Test
    void aDefaultContainerChangesNothing() throws IOException {
        ContainerInfo d = fixture("default");
        tracker.running(d);
        tracker.stopped(d);
        assertEquals(List.of(), wants);
    }

    @Test
    void aStopOfAContainerNeverSeenRiskyAndARepeatedStopChangeNothing() throws IOException {
        ContainerInfo strong = fixture("strong");
        tracker.running(strong);
        tracker.stopped(fixture("default"));
        tracker.stopped(strong);
        tracker.stopped(strong);           // die, then destroy
        assertEquals(2, wants.size(), wants.toString());
        tracker.running(strong);           // restarted
        assertEquals(3, wants.size());
        assertEquals(1, tracker.riskyCount());
    }
}
