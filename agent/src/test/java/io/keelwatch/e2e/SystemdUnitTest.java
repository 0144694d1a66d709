package io.keelwatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd unit, judged by systemd's own tools on files (no systemd needs to run): it parses without a warning,
 * and {@code systemd-analyze security} keeps it within the exposure budget with the hardening it promises.
 */
class SystemdUnitTest {

    /** The exposure score the unit must stay within (10 = unprotected). Loosening the unit fails this test. */
    static final double EXPOSURE_BUDGET = 2.0;

    private final Path root = Path.of(System.getProperty("keelwatch.root", "..")).toAbsolutePath().normalize();
    private final Path unit = root.resolve("systemd/keelwatch.service");

    static Set<String> unitCapabilities(Path root) {
        try {
            for (String line : Files.readAllLines(root.resolve("systemd/keelwatch.service"))) {
                if (line.startsWith("CapabilityBoundingSet=")) {
                    return new TreeSet<>(List.of(line.substring(line.indexOf('=') + 1).trim().split("\\s+")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("the unit sets no CapabilityBoundingSet");
    }

    @Test
    void exposureScoreIsWithinBudgetAndTheKeyProtectionsHold() {
        Cmd.Result r = Cmd.run("systemd-analyze", "security", "--offline=true", "--no-pager", unit.toString());
        String out = r.out();
        String marker = "Overall exposure level for keelwatch.service: ";
        int at = out.indexOf(marker);
        assertTrue(at >= 0, "no overall score in:\n" + out + r.err());
        double score = Double.parseDouble(out.substring(at + marker.length()).split("\\s+")[0]);
        System.out.println("systemd-analyze security exposure: " + score);
        assertTrue(score <= EXPOSURE_BUDGET, "exposure " + score + " > budget " + EXPOSURE_BUDGET + ":\n" + out);
        for (String setting : List.of("NoNewPrivileges=", "ProtectSystem=", "ProtectHome=", "PrivateTmp=",
                "PrivateDevices=", "ProtectKernelModules=", "ProtectKernelTunables=", "ProtectControlGroups=",
                "RestrictNamespaces=~user", "RestrictSUIDSGID=", "CapabilityBoundingSet=~CAP_SYS_ADMIN",
                "CapabilityBoundingSet=~CAP_NET_ADMIN", "CapabilityBoundingSet=~CAP_SYS_MODULE")) {
            assertTrue(out.lines().anyMatch(l -> l.startsWith("✓ " + setting)), setting + " not satisfied:\n" + out);
        }
    }

    /** Every exposure the analysis still finds is named in the unit's comment of remaining exposures, with a reason. */
    @Test
    void everyRemainingExposureIsJustifiedInTheUnit() throws IOException {
        String out = Cmd.run("systemd-analyze", "security", "--offline=true", "--no-pager", unit.toString()).out();
        String text = Files.readString(unit);
        String remaining = text.substring(text.indexOf("# Remaining exposures"));
        remaining = remaining.substring(0, remaining.indexOf("\n\n"));
        List<String> open = out.lines().filter(l -> l.startsWith("✗ ")).map(l -> l.substring(2).split("\\s+")[0])
                .toList();
        assertTrue(!open.isEmpty(), out);
        for (String setting : open) {
            String name = setting.substring(0, setting.indexOf('=') + 1);
            String value = setting.substring(setting.indexOf('=') + 1).replace("~", "");
            assertTrue(remaining.contains(name), setting + " is not justified in the unit:\n" + remaining);
            assertTrue(value.isEmpty() || remaining.contains(value), setting + " is not justified in the unit");
        }
    }

    @Test
    void unitGrantsOnlyTheFourCapabilitiesTheAgentUses() {
        assertEquals(Set.of("CAP_AUDIT_READ", "CAP_AUDIT_CONTROL", "CAP_SYS_PTRACE", "CAP_DAC_READ_SEARCH"),
                unitCapabilities(root));
        // held as ambient capabilities by the unit's dynamic user (UnprivilegedAgentTest runs the agent so)
        try {
            assertTrue(Files.readAllLines(unit).contains(
                    "AmbientCapabilities=CAP_AUDIT_READ CAP_AUDIT_CONTROL CAP_SYS_PTRACE CAP_DAC_READ_SEARCH"));
            assertTrue(Files.readAllLines(unit).contains("DynamicUser=yes"));
            assertTrue(Files.readAllLines(unit).contains("Type=notify"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void unitVerifiesCleanlyInAnInstalledTree(@TempDir Path tree) throws IOException {
        // A root with the installed layout: systemd resolves the unit's dependencies and executables inside it.
        Path systemUnits = Path.of("/usr/lib/systemd/system");
        Files.createDirectories(tree.resolve("usr/lib/systemd/system"));
        try (Stream<Path> s = Files.list(systemUnits)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".target")).toList()) {
                Files.copy(p, tree.resolve("usr/lib/systemd/system").resolve(p.getFileName()),
                        StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        for (String exe : List.of("usr/lib/keelwatch/bin/keelwatch", "bin/kill")) {
            Path p = tree.resolve(exe);
            Files.createDirectories(p.getParent());
            Files.writeString(p, "#!/bin/sh\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path installed = tree.resolve("etc/systemd/system/keelwatch.service");
        Files.createDirectories(installed.getParent());
        Files.copy(unit, installed);
        Cmd.Result r = Cmd.run("systemd-analyze", "verify", "--root=" + tree, "/etc/systemd/system/keelwatch.service");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals("", r.err().strip(), "systemd warns about the unit");
    }
}
