package io.keelwatch.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The version the agent reports is the build's, and every pom declares the licence the LICENSE file holds. */
class BuildInfoTest {
    private final Path root = Path.of(System.getProperty("keelwatch.root", "..")).toAbsolutePath().normalize();

    @Test
    void theVersionIsTheRootPomsVersion() throws IOException {
        Matcher m = Pattern.compile("<artifactId>keelwatch-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(root.resolve("pom.xml")));
        assertTrue(m.find());
        assertEquals(m.group(1), BuildInfo.version());
    }

    @Test
    void everyPomDeclaresApache2AndTheLicenceFileIsItsText() throws IOException {
        String rootPom = Files.readString(root.resolve("pom.xml"));
        Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(rootPom);
        List<Path> poms = new java.util.ArrayList<>(List.of(root.resolve("pom.xml")));
        while (modules.find()) {
            poms.add(root.resolve(modules.group(1)).resolve("pom.xml"));
        }
        assertTrue(poms.size() >= 5, "root and the four modules: " + poms);
        for (Path pom : poms) {
            String text = Files.readString(pom);
            assertTrue(text.contains("<licenses>") && text.contains("<name>Apache-2.0</name>"),
                    pom + " declares no Apache-2.0 licence");
        }
        String licence = Files.readString(root.resolve("LICENSE"));
        assertTrue(licence.contains("Apache License\n                           Version 2.0, January 2004"));
        assertTrue(licence.contains("END OF TERMS AND CONDITIONS"));
    }
}
