package io.keelwatch.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar bench/target/benchmarks.jar ...}: JMH's own command line, with the JVM flags Chronicle Queue and
 * JNA need on 17+ prepended to every forked JVM's. The flags are the root pom's {@code keelwatch.jvm.opens} (the one
 * list the launcher and the tests read too), filtered into {@code jvm.options} beside this class by the build, so
 * no benchmark carries a copy of its own.
 */
public final class Main {
    private static final String FLAGS = "jvm.options";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(withJvmFlags(jvmFlags(), args));
    }

    /** The flags as the build wrote them: one line, separated by spaces. */
    static String jvmFlags() {
        try (InputStream in = Main.class.getResourceAsStream(FLAGS)) {
            if (in == null) {
                throw new IllegalStateException("io/keelwatch/bench/" + FLAGS + " is missing: build with Maven");
            }
            String flags = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            if (flags.isEmpty() || flags.contains("${")) {
                throw new IllegalStateException("io/keelwatch/bench/" + FLAGS + " was not filtered: " + flags);
            }
            return flags;
        } catch (IOException e) {
            throw new UncheckedIOException("reading io/keelwatch/bench/" + FLAGS, e);
        }
    }

    /** JMH's arguments with {@code -jvmArgsPrepend FLAGS} first (JMH splits the value at spaces). */
    static String[] withJvmFlags(String flags, String[] args) {
        List<String> all = new ArrayList<>(List.of("-jvmArgsPrepend", flags));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }
}
