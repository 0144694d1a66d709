package io.keelwatch.agent.config;

import java.util.IdentityHashMap;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Where each part of a layered config came from, so a problem names its source: YAML nodes merged in from a
 * {@code config.d} drop-in carry that file's name, and an override carries how it was given (a {@code --set} flag or
 * a {@code KEELWATCH_*} environment variable).
 */
final class Origins {
    static final Origins NONE = new Origins(new IdentityHashMap<>(), Map.of());

    private final Map<Node, String> nodeFiles;
    private final Map<String, String> overrideLabels;

    Origins(Map<Node, String> nodeFiles, Map<String, String> overrideLabels) {
        this.nodeFiles = nodeFiles;
        this.overrideLabels = overrideLabels;
    }

    /** The file {@code node} was read from, or {@code fallback} (the main file). */
    String file(Node node, String fallback) {
        return nodeFiles.getOrDefault(node, fallback);
    }

    /** How the override of {@code key} was given, e.g. {@code flag alerts.file} or {@code KEELWATCH_ALERTS_FILE}. */
    String override(String key) {
        return overrideLabels.getOrDefault(key, "flag " + key);
    }
}
