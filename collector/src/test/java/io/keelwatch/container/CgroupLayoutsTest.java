package io.keelwatch.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One {@code /proc/PID/cgroup} fixture per runtime and cgroup layout (Docker, containerd through the CRI
 * and through its own API, CRI-O; cgroupfs and systemd drivers; cgroup v1 and v2), listed with the id each
 * must give in {@code cgroup/layouts.tsv}. Whatever the runtime, the parser finds the same container id.
 */
class CgroupLayoutsTest {

    record Layout(String file, String expected, String how) {
        @Override
        public String toString() {
            return file;
        }
    }

    static Stream<Layout> layouts() throws IOException {
        List<Layout> out = new ArrayList<>();
        for (String line : read("layouts.tsv").split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            out.add(new Layout(f[0], f[1], f[2]));
        }
        assertFalse(out.isEmpty());
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void namesTheContainerOfEachLayout(Layout layout) throws IOException {
        String id = CgroupParser.containerId(read(layout.file()));
        assertEquals(layout.expected().equals("host") ? null : layout.expected(), id, layout.how());
    }

    private static String read(String name) throws IOException {
        try (InputStream in = CgroupLayoutsTest.class.getResourceAsStream("/cgroup/" + name)) {
            if (in == null) {
                throw new IOException("fixture cgroup/" + name + " missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
