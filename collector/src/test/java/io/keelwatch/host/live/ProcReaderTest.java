package io.keelwatch.host.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcReaderTest {
    private final ProcReader reader = new ProcReader();

    @Test
    void readsProcEntriesAsJavaNioDoes() throws Exception {
        for (String name : new String[] {"cgroup", "cmdline", "environ"}) {
            Path file = Path.of("/proc/self/" + name);
            assertEquals(new String(Files.readAllBytes(file), StandardCharsets.UTF_8), reader.read(file.toString()), name);
        }
        assertEquals(Files.readSymbolicLink(Path.of("/proc/self/exe")).toString(), reader.link("/proc/self/exe"));
    }

    @Test
    void aMissingFileOrLinkIsNullNotAnException() {
        assertNull(reader.read("/proc/4194305/stat"));
        assertNull(reader.link("/proc/4194305/exe"));
        assertNull(reader.read("/proc/self/no-such-entry"));
    }

    @Test
    void filesLongerThanTheBufferAndLongLinksComeWhole(@TempDir Path tmp) throws Exception {
        String big = "x".repeat(70_000) + "\u00e9\0tail";
        Path file = Files.writeString(tmp.resolve("cmdline"), big, StandardCharsets.UTF_8);
        assertEquals(big, reader.read(file.toString()));
        assertEquals("", reader.read(Files.createFile(tmp.resolve("empty")).toString()));
        String target = ("/" + "d".repeat(200)).repeat(20);   // 4020 bytes: near PATH_MAX, a link's limit
        Path link = Files.createSymbolicLink(tmp.resolve("link"), Path.of(target));
        assertEquals(target, reader.link(link.toString()));
        assertEquals("after", reader.read(Files.writeString(tmp.resolve("small"), "after").toString()));
    }
}
