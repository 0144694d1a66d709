package io.keelwatch.agent.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.agent.pipeline.InputQueue;
import io.keelwatch.docker.DockerUnavailableException;
import io.keelwatch.rules.audit.AuditRuleSet;
import io.keelwatch.rules.engine.RuleLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The head start on the Docker events thread: which events arm tier 2, and that a failure is counted, not thrown. */
class EarlyRiskTest {
    private static final Tier2Rules TIER2 = Tier2Rules.parse(AuditRuleSet.TIER2_KEY,
            AuditRuleSet.tier2(RuleLoader.loadDefaultPack(), AuditRuleSet.TIER2_KEY));
    private final MemoryRuleKernel kernel = new MemoryRuleKernel();
    private final RuleChanger changer = new RuleChanger(TIER2, kernel, r -> { }, 0, () -> 1L);

    @AfterEach
    void stop() {
        changer.close();
    }

    private static String event(String action, String id) {
        return "{\"Type\":\"container\",\"Action\":\"" + action + "\",\"Actor\":{\"ID\":\"" + id
                + "\",\"Attributes\":{\"name\":\"x\"}},\"timeNano\":1}";
    }

    private static String inspect(String id, boolean privileged) {
        return "{\"Id\":\"" + id + "\",\"Name\":\"/x\",\"Created\":\"2026-12-03T00:00:00Z\",\"Config\":{\"Image\":\"img\"},"
                + "\"State\":{\"Running\":false,\"Pid\":0},\"HostConfig\":{\"Privileged\":" + privileged + "}}";
    }

    @Test
    void aRiskyContainersCreateArmsTierTwoBeforeThePipelineAndNothingElseDoes() throws Exception {
        changer.start(new InputQueue(16));
        String risky = "a".repeat(64);
        String plain = "b".repeat(64);
        List<String> asked = new ArrayList<>();
        Map<String, String> docs = Map.of(risky, inspect(risky, true), plain, inspect(plain, false));
        EarlyRisk early = new EarlyRisk(id -> {
            asked.add(id);
            return docs.get(id);
        }, changer);
        early.seen(event("start", risky));          // only create: start comes after the first process runs
        early.seen(event("create", plain));
        early.seen("{\"Type\":\"image\",\"Action\":\"create\",\"Actor\":{\"ID\":\"sha256:1\"}}");
        assertEquals(List.of(plain), asked);
        assertEquals(0, early.armed());
        early.seen(event("create", risky));
        assertEquals(1, early.armed());
        for (int i = 0; i < 500 && !changer.loaded(); i++) {
            Thread.sleep(10);
        }
        assertTrue(changer.loaded(), "armed before any book said so");
        early.seen("not json");
        new EarlyRisk(id -> { throw new DockerUnavailableException("down"); }, changer).seen(event("create", risky));
        assertEquals(1, early.failed());
        assertFalse(kernel.rules.isEmpty());
    }
}
