package io.keelwatch.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version the build stamped into the agent ({@code build.properties}, filtered by Maven from the root pom's
 * version). The CLI's {@code --version}, the {@code keelwatch_build_info} metric, the jar manifest and the packages
 * all carry this one value.
 */
public final class BuildInfo {
    private static final String RESOURCE = "build.properties";
    private static final String VERSION = load();

    private BuildInfo() {
    }

    /** The project version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("io/keelwatch/agent/" + RESOURCE
                        + " is missing from the class path: the agent was not built by Maven");
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "");
            if (v.isBlank() || v.contains("${")) {
                throw new IllegalStateException("io/keelwatch/agent/" + RESOURCE + " has no filtered version: " + v);
            }
            return v.strip();
        } catch (IOException e) {
            throw new UncheckedIOException("reading io/keelwatch/agent/" + RESOURCE, e);
        }
    }
}
