package io.keelwatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as built: one version everywhere (pom, manifest, {@code --version}, the tarball's name and VERSION),
 * the licence declared, and none of docker-java-core's baggage inside.
 */
class PackagedJarIT {
    private final Path root = Path.of(System.getProperty("keelwatch.root", "..")).toAbsolutePath().normalize();
    private final Path jar = root.resolve("agent/target/keelwatch.jar");

    private String pomVersion() throws IOException {
        String pom = Files.readString(root.resolve("pom.xml"));
        Matcher m = Pattern.compile("<artifactId>keelwatch-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertTrue(m.find(), "no version in the root pom");
        return m.group(1);
    }

    @Test
    void oneVersionFromThePomToTheManifestTheCliAndTheTarball(@TempDir Path tmp) throws IOException {
        String version = pomVersion();
        try (JarFile j = new JarFile(jar.toFile())) {
            assertEquals(version, j.getManifest().getMainAttributes().getValue("Implementation-Version"));
            assertEquals("Apache-2.0", j.getManifest().getMainAttributes().getValue("License"));
        }
        String launcher = root.resolve("bin/keelwatch").toString();
        assertEquals("keelwatch " + version, Cmd.run(launcher, "--version").requireSuccess().trimmed());
        assertEquals("keelwatch " + version, Cmd.run(launcher, "version").requireSuccess().trimmed());
        // no --version: the archive takes the jar's
        Path archive = Path.of(Cmd.run(Duration.ofMinutes(2), root, List.of(
                root.resolve("packaging/build-tarball.sh").toString(), "--out", tmp.toString()))
                .requireSuccess().trimmed());
        assertEquals("keelwatch-" + version + ".tar.gz", archive.getFileName().toString());
        Cmd.run("tar", "-C", tmp.toString(), "-xzf", archive.toString()).requireSuccess();
        assertEquals(version, Files.readString(tmp.resolve("keelwatch-" + version + "/VERSION")).strip());
        assertEquals(Files.readString(root.resolve("LICENSE")),
                Files.readString(tmp.resolve("keelwatch-" + version + "/LICENSE")));
    }

    @Test
    void theLauncherAndTheTestsTakeTheJvmFlagsFromOnePlace() throws IOException {
        Matcher m = Pattern.compile("<keelwatch.jvm.opens>([^<]+)</keelwatch.jvm.opens>")
                .matcher(Files.readString(root.resolve("pom.xml")));
        assertTrue(m.find(), "the root pom holds the list");
        assertEquals(m.group(1).strip(), Files.readString(root.resolve("agent/target/jvm.options")).strip());
        assertTrue(!Files.readString(root.resolve("bin/keelwatch")).contains("--add-opens="),
                "the launcher holds no list of its own");
        // the surefire JVM running this test got the same flags from the pom
        List<String> mine = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String flag : m.group(1).strip().split("\\s+")) {
            assertTrue(mine.contains(flag), flag + " not given to the test JVM");
        }
    }

    @Test
    void theJarCarriesTheUnixSocketTransportAndNoneOfDockerJavaCore() throws IOException {
        // Guava is back as gRPC's (containerd and CRI identity), at a current version: Guava 19 (docker-java-core's,
        // with known CVEs) must not return, which the version in its Maven metadata tells.
        List<String> banned = List.of("org/bouncycastle/", "org/apache/commons/compress/",
                "okhttp3/", "kotlin/", "com/github/dockerjava/core/", "com/github/dockerjava/api/");
        try (JarFile j = new JarFile(jar.toFile()); Stream<String> names = j.stream().map(e -> e.getName())) {
            List<String> all = names.toList();
            for (String prefix : banned) {
                assertEquals(List.of(), all.stream().filter(n -> n.startsWith(prefix)).limit(3).toList(), prefix);
            }
            assertTrue(all.contains("jnr/unixsocket/UnixSocketChannel.class"));
            java.util.jar.JarEntry guava = j.getJarEntry("META-INF/maven/com.google.guava/guava/pom.properties");
            if (guava != null) {
                java.util.Properties p = new java.util.Properties();
                try (var in = j.getInputStream(guava)) {
                    p.load(in);
                }
                String v = p.getProperty("version", "0");
                assertTrue(Integer.parseInt(v.split("\\.")[0]) >= 32, "Guava " + v + " in the jar");
            }
            assertTrue(all.stream().noneMatch(n -> n.startsWith("META-INF/native/") && n.contains("tcnative")), "netty's TLS natives (gRPC runs plaintext on a Unix socket)");
            assertTrue(all.contains("com/github/dockerjava/transport/DockerHttpClient.class"));
            assertTrue(all.stream().noneMatch(n -> n.endsWith(".dll") || n.endsWith(".jnilib")),
                    "native libraries for systems other than Linux");
        }
        long size = Files.size(jar);
        System.out.println("keelwatch.jar: " + size + " bytes");
        // was 28.9 MB with docker-java-core and its okhttp transport; 13.4 MB without; gRPC for containerd and the CRI
        // (netty-shaded with its epoll natives, protobuf, Guava) adds about 14 MB
        assertTrue(size < 30L * 1024 * 1024, "the jar grew to " + size + " bytes");
    }
}
