package io.keelwatch.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.keelwatch.e2e.Cmd;
import io.keelwatch.e2e.Docker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb and the image carry the build's version when none is forced: both take it from the jar (the packaging
 * scripts ask the jar's {@code --version}), so a release is stamped once, in the root pom. {@code PackagedJarIT}
 * checks the manifest, the CLI and the tarball; {@code DebPackageIT} forces versions to test upgrades.
 */
class PackageVersionIT {
    private final Path root = Path.of(System.getProperty("keelwatch.root", "..")).toAbsolutePath().normalize();
    private final String version = BuildInfo.version();

    @Test
    void theDebianPackageIsTheBuildsVersion(@TempDir Path tmp) throws Exception {
        Path deb = Path.of(Cmd.run(Duration.ofMinutes(2), root, List.of(
                root.resolve("packaging/deb/build-deb.sh").toString(), "--out", tmp.toString()))
                .requireSuccess().trimmed());
        String debVersion = version.replace("-SNAPSHOT", "~snapshot");
        assertEquals("keelwatch_" + debVersion + "_all.deb", deb.getFileName().toString());
        assertEquals(debVersion, Cmd.run("dpkg-deb", "-f", deb.toString(), "Version").requireSuccess().trimmed());
        Path files = tmp.resolve("files");
        Cmd.run("dpkg-deb", "-x", deb.toString(), files.toString()).requireSuccess();
        assertEquals(version, Files.readString(files.resolve("usr/lib/keelwatch/VERSION")).strip());
        assertEquals("keelwatch " + version, Cmd.run(files.resolve("usr/lib/keelwatch/bin/keelwatch").toString(),
                "--version").requireSuccess().trimmed());
    }

    @Tag("host")
    @Test
    void theImageIsTheBuildsVersion() {
        Docker.requireDaemon();
        String base = "local/keelwatch-jre:17";
        if (Cmd.run("docker", "image", "inspect", base).exit() != 0) {
            Cmd.run(Duration.ofMinutes(5), root, List.of(root.resolve("packaging/docker/build-local-base.sh").toString(),
                    base)).requireSuccess();
        }
        // no --tag: the script names the image after the version it found in the jar (an image of that name made
        // by someone else stays)
        boolean existed = Cmd.run("docker", "image", "inspect", "keelwatch/keelwatch:" + version).exit() == 0;
        String tag = Cmd.run(Duration.ofMinutes(5), root, List.of(
                root.resolve("packaging/docker/build-image.sh").toString(), "--base", base)).requireSuccess().trimmed();
        try {
            assertEquals("keelwatch/keelwatch:" + version, tag);
            assertEquals(version, Cmd.run("docker", "image", "inspect", "--format",
                    "{{index .Config.Labels \"org.opencontainers.image.version\"}}", tag).requireSuccess().trimmed());
            assertEquals("keelwatch " + version, Cmd.run("docker", "run", "--rm", "--network", "none", tag, "--version")
                    .requireSuccess().trimmed());
        } finally {
            if (!existed) {
                Cmd.run("docker", "image", "rm", tag);
            }
        }
    }
}
