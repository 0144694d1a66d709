package io.keelwatch.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.keelwatch.input.HostInput;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordedHostLookupTest {

    @Test
    void answersEachQuestionInRecordedOrderAndRepeatsTheLast() {
        RecordedHostLookup r = new RecordedHostLookup()
                .answer(HostLookup.PROC_CGROUP, "42", "0::/docker/a")
                .answer(HostLookup.PROC_CGROUP, "42", null)
                .answer(HostLookup.PROC_STAT, "42", "42 (sh) S 1");
        assertEquals("0::/docker/a", r.cgroup(42));
        assertNull(r.cgroup(42), "a recorded absence is an answer too");
        assertNull(r.cgroup(42));
        assertEquals(1, r.repeated());
        assertEquals("42 (sh) S 1", r.stat(42));
        assertNull(r.stat(43));
        assertEquals(1, r.unanswered());
    }

    @Test
    void recordingThenReplayingGivesTheSameAnswers() {
        HostLookup live = (kind, key) -> kind.equals(HostLookup.PROC_EXE) ? "/bin/" + key : null;
        List<HostInput.Lookup> journal = new ArrayList<>();
        RecordingHostLookup recording = new RecordingHostLookup(live, journal::add, () -> 7L);
        List<String> answers = List.of(String.valueOf(recording.exe(1)), String.valueOf(recording.cwd(1)),
                String.valueOf(recording.exe(2)));
        assertEquals(3, journal.size());
        assertEquals(new HostInput.Lookup(7L, HostLookup.PROC_EXE, "1", "/bin/1"), journal.get(0));
        RecordedHostLookup replay = new RecordedHostLookup();
        journal.forEach(replay::add);
        assertEquals(answers, List.of(String.valueOf(replay.exe(1)), String.valueOf(replay.cwd(1)),
                String.valueOf(replay.exe(2))));
        assertEquals(0, replay.unanswered() + replay.repeated());
    }
}
