package io.keelwatch.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Stable, content-derived identities: the same inputs give the same ids on any machine and after restarts. */
public final class AlertKeys {
    private AlertKeys() { }

    /** The alert's identity: host, rule and what raised it (an event id, or container + check time). */
    public static String id(String host, String rule, String occurrence) {
        return hash(host + '\0' + rule + '\0' + occurrence);
    }

    /**
     * Gives what a rule matched its repeat key ({@link #repeatKey}) under the settings of the one who owns
     * them: the pipeline core, whose ignored fields are journaled and may change while the rules stay.
     */
    @FunctionalInterface
    public interface RepeatKey {
        String of(String rule, String containerId, Map<String, String> fields);
    }

    /** The repeat key: rule, container and every field but the ignored ones, in sorted order. */
    public static String repeatKey(String rule, String containerId, Map<String, String> fields,
                                   Set<String> ignoreFields) {
        StringBuilder sb = new StringBuilder(128).append(rule).append('\0').append(containerId);
        for (Map.Entry<String, String> e : new TreeMap<>(fields).entrySet()) {
            if (!ignoreFields.contains(e.getKey())) {
                sb.append('\0').append(e.getKey()).append('=').append(e.getValue());
            }
        }
        return hash(sb.toString());
    }

    /** First 16 hex digits of the SHA-256 of the text. */
    public static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
