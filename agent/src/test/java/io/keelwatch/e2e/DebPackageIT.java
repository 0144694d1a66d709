package io.keelwatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package installed by the real dpkg into a scratch root: conffiles declared, upgrade keeps the
 * journal, checkpoint, outbox and the operator's config, purge leaves the state directory.
 */
class DebPackageIT {

    private final Path root = Path.of(System.getProperty("keelwatch.root", "..")).toAbsolutePath().normalize();

    private Path build(Path out, String version) {
        return Path.of(Cmd.run(Duration.ofMinutes(2), root, List.of(root.resolve("packaging/deb/build-deb.sh").toString(),
                "--out", out.toString(), "--version", version)).requireSuccess().trimmed());
    }

    private static Cmd.Result dpkg(Path target, String... args) {
        List<String> cmd = new ArrayList<>(List.of("dpkg", "--root=" + target, "--force-script-chrootless",
                "--force-depends", "--force-confold"));
        cmd.addAll(List.of(args));
        return Cmd.run(Duration.ofMinutes(1), null, cmd).requireSuccess();
    }

    @Test
    void upgradeKeepsStateAndConfigAndPurgeKeepsState(@TempDir Path tmp) throws Exception {
        Path v1 = build(tmp.resolve("v1"), "1.0.0");
        Path v2 = build(tmp.resolve("v2"), "1.1.0-SNAPSHOT");
        assertEquals("keelwatch_1.1.0~snapshot_all.deb", v2.getFileName().toString());
        assertEquals("keelwatch", Cmd.run("dpkg-deb", "-f", v1.toString(), "Package").requireSuccess().trimmed());
        Path info = tmp.resolve("info");
        Cmd.run("dpkg-deb", "-e", v1.toString(), info.toString()).requireSuccess();
        assertEquals(List.of("/etc/keelwatch/keelwatch.yaml", "/etc/audit/rules.d/keelwatch.rules"),
                Files.readAllLines(info.resolve("conffiles")));

        Path target = tmp.resolve("root");
        Files.createDirectories(target.resolve("var/lib/dpkg/info"));
        Files.createDirectories(target.resolve("var/lib/dpkg/updates"));
        Files.writeString(target.resolve("var/lib/dpkg/status"), "");
        dpkg(target, "-i", v1.toString());
        Path state = target.resolve("var/lib/keelwatch");
        assertTrue(Files.isDirectory(state), "postinst creates the state directory");
        for (String shipped : List.of("usr/share/man/man1/keelwatch.1.gz", "usr/share/bash-completion/completions/keelwatch",
                "usr/share/zsh/vendor-completions/_keelwatch", "usr/share/doc/keelwatch/copyright")) {
            assertTrue(Files.size(target.resolve(shipped)) > 0, "the package ships " + shipped);
        }
        Files.createDirectories(state.resolve("journal"));
        Files.writeString(state.resolve("journal/20261124-22.cq4"), "cycle");
        Files.writeString(state.resolve("audit.checkpoint"), "offset=42");
        Files.createDirectories(state.resolve("outbox"));
        Files.writeString(state.resolve("outbox/000001.json"), "{}");
        Path config = target.resolve("etc/keelwatch/keelwatch.yaml");
        String edited = Files.readString(config) + "\n# operator edit\n";
        Files.writeString(config, edited);

        dpkg(target, "-i", v2.toString());
        assertEquals("1.1.0-SNAPSHOT", Files.readString(target.resolve("usr/lib/keelwatch/VERSION")).strip());
        assertEquals(edited, Files.readString(config), "dpkg kept the operator's conffile");
        assertEquals("cycle", Files.readString(state.resolve("journal/20261124-22.cq4")));
        assertEquals("offset=42", Files.readString(state.resolve("audit.checkpoint")));
        assertEquals("{}", Files.readString(state.resolve("outbox/000001.json")));
        assertTrue(Cmd.run(target.resolve("usr/lib/keelwatch/bin/keelwatch").toString(), "version").requireSuccess()
                .trimmed().startsWith("keelwatch "));

        dpkg(target, "--purge", "keelwatch");
        assertTrue(Files.notExists(target.resolve("usr/lib/keelwatch/lib/keelwatch.jar")), "purge removes the program");
        assertEquals("offset=42", Files.readString(state.resolve("audit.checkpoint")), "purge keeps the evidence");
    }
}
