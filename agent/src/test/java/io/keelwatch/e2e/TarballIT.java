package io.keelwatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release tarball as an operator gets it: its exact contents, reproducible bytes, an install into a staging
 * root that runs, and an upgrade over an existing install that keeps the journal, checkpoint, outbox and the
 * operator's config untouched.
 */
class TarballIT {

    private final Path root = Path.of(System.getProperty("keelwatch.root", "..")).toAbsolutePath().normalize();

    private Path build(Path out, String version) {
        return Path.of(Cmd.run(Duration.ofMinutes(2), root, List.of(root.resolve("packaging/build-tarball.sh").toString(),
                "--out", out.toString(), "--version", version)).requireSuccess().trimmed());
    }

    private static Path unpack(Path archive, Path into) throws IOException {
        Files.createDirectories(into);
        Cmd.run("tar", "-C", into.toString(), "-xzf", archive.toString()).requireSuccess();
        String name = archive.getFileName().toString().replace(".tar.gz", "");
        return into.resolve(name);
    }

    @Test
    void tarballHoldsExactlyTheReleaseFilesAndIsReproducible(@TempDir Path tmp) throws Exception {
        Path a = build(tmp.resolve("a"), "9.9.9");
        Path b = build(tmp.resolve("b"), "9.9.9");
        assertEquals("keelwatch-9.9.9.tar.gz", a.getFileName().toString());
        assertEquals(sha256(a), sha256(b), "two builds of one tree must be byte-identical");
        Set<String> entries = new TreeSet<>(List.of(Cmd.run("tar", "-tzf", a.toString()).requireSuccess().trimmed()
                .split("\n")));
        entries.removeIf(e -> e.endsWith("/"));
        assertEquals(new TreeSet<>(List.of("keelwatch-9.9.9/VERSION", "keelwatch-9.9.9/install.sh",
                "keelwatch-9.9.9/bin/keelwatch", "keelwatch-9.9.9/LICENSE",
                "keelwatch-9.9.9/share/man/man1/keelwatch.1", "keelwatch-9.9.9/share/bash-completion/completions/keelwatch",
                "keelwatch-9.9.9/share/zsh/vendor-completions/_keelwatch",
                "keelwatch-9.9.9/lib/keelwatch.jar", "keelwatch-9.9.9/lib/jvm.options", "keelwatch-9.9.9/systemd/keelwatch.service",
                "keelwatch-9.9.9/audit/keelwatch.rules", "keelwatch-9.9.9/etc/keelwatch.yaml")), entries);
        Path d = unpack(a, tmp.resolve("x"));
        assertEquals(Files.readString(root.resolve("systemd/keelwatch.service")),
                Files.readString(d.resolve("systemd/keelwatch.service")));
        assertEquals(Files.readString(root.resolve("packaging/keelwatch.yaml")),
                Files.readString(d.resolve("etc/keelwatch.yaml")));
    }

    @Test
    void installRunsAndUpgradeKeepsStateAndTheOperatorsConfig(@TempDir Path tmp) throws Exception {
        Path target = tmp.resolve("root");
        Path v1 = unpack(build(tmp.resolve("v1"), "1.0.0"), tmp.resolve("u1"));
        Cmd.run(Duration.ofMinutes(1), null, List.of(v1.resolve("install.sh").toString(), "--root", target.toString()))
                .requireSuccess();
        Path launcher = target.resolve("usr/lib/keelwatch/bin/keelwatch");
        assertTrue(Cmd.run(launcher.toString(), "version").requireSuccess().trimmed().startsWith("keelwatch "),
                "the installed launcher finds its jar and runs");
        assertEquals("/usr/lib/keelwatch/bin/keelwatch", Files.readSymbolicLink(target.resolve("usr/bin/keelwatch")).toString());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                target.resolve("var/lib/keelwatch"))), "state is private to root");
        assertTrue(Files.exists(target.resolve("etc/audit/rules.d/keelwatch.rules")));
        assertTrue(Files.exists(target.resolve("etc/systemd/system/keelwatch.service")));

        // The running agent's state and an operator's edit of the config.
        Path state = target.resolve("var/lib/keelwatch");
        write(state.resolve("journal/20261124-21.cq4"), "chronicle cycle bytes");
        write(state.resolve("journal/metadata.cq4t"), "queue metadata");
        write(state.resolve("audit.checkpoint"), "inode=1234 offset=987654");
        write(state.resolve("outbox/am-0/000000000042.json"), "{\"labels\":{\"alertname\":\"x\"}}");
        Path config = target.resolve("etc/keelwatch/keelwatch.yaml");
        Files.writeString(config, Files.readString(config) + "\n# operator edit\n");
        Map<String, String> before = snapshot(state);
        String configBefore = Files.readString(config);

        Path v2 = unpack(build(tmp.resolve("v2"), "1.1.0"), tmp.resolve("u2"));
        Cmd.Result up = Cmd.run(Duration.ofMinutes(1), null,
                List.of(v2.resolve("install.sh").toString(), "--root", target.toString())).requireSuccess();
        assertTrue(up.out().contains("kept /etc/keelwatch/keelwatch.yaml"), up.out());
        assertEquals("1.1.0", Files.readString(target.resolve("usr/lib/keelwatch/VERSION")).strip());
        assertEquals(before, snapshot(state), "the upgrade touched the state directory");
        assertEquals(configBefore, Files.readString(config), "the upgrade overwrote the operator's config");
        assertTrue(Files.exists(target.resolve("etc/keelwatch/keelwatch.yaml.dist")));
        try (Stream<Path> s = Files.list(target.resolve("usr/lib/keelwatch/lib"))) {
            assertEquals(Set.of("keelwatch.jar", "jvm.options"), s.map(p -> p.getFileName().toString())
                    .collect(java.util.stream.Collectors.toSet()), "no leftovers");
        }
        assertFalse(Cmd.run(launcher.toString(), "version").requireSuccess().trimmed().isEmpty());
    }

    private static void write(Path p, String content) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    /** Path -> content hash, mode and mtime of everything under a directory. */
    private static Map<String, String> snapshot(Path dir) throws Exception {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                String meta = PosixFilePermissions.toString(Files.getPosixFilePermissions(p)) + " "
                        + Files.getLastModifiedTime(p).toMillis();
                m.put(dir.relativize(p).toString(), Files.isRegularFile(p) ? sha256(p) + " " + meta : meta);
            }
        }
        return m;
    }

    private static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }
}
