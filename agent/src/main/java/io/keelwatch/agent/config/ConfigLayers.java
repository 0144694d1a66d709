package io.keelwatch.agent.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** The layers above the config file: {@code config.d} drop-ins (merged as YAML) and {@code KEELWATCH_*} variables. */
final class ConfigLayers {
    /** The config's sections; a variable's first word after KEELWATCH_ names one, or the setting is top-level. */
    static final List<String> SECTIONS = List.of("audit", "docker", "rules", "pipeline", "alerts", "alertmanager",
            "metrics", "journal", "log");
    /** KEELWATCH_* variables that are the launcher's, not settings. */
    static final Set<String> LAUNCHER = Set.of("KEELWATCH_JAR", "KEELWATCH_JAVA_OPTS");
    private static final String PREFIX = "KEELWATCH_";

    private ConfigLayers() {
    }

    /** The drop-ins of a directory: its {@code *.yaml} files by name; none when it does not exist. */
    static List<Path> dropIns(Path dir) throws ConfigException {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(p)).sorted()
                    .toList();
        } catch (IOException e) {
            throw new ConfigException(List.of(dir + ": cannot list: " + e.getMessage()));
        }
    }

    /** Records every node of a drop-in as coming from {@code file}. */
    static void remember(Node node, String file, Map<Node, String> nodeFiles) {
        if (node == null) {
            return;
        }
        nodeFiles.put(node, file);
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                remember(t.getKeyNode(), file, nodeFiles);
                remember(t.getValueNode(), file, nodeFiles);
            }
        } else if (node instanceof SequenceNode s) {
            s.getValue().forEach(n -> remember(n, file, nodeFiles));
        }
    }

    /**
     * {@code over} laid on {@code base}: mappings merge key by key, anything else in {@code over} replaces. A document
     * that is not a mapping is returned as it is, for the reader to report where it stands.
     */
    static Node merge(Node base, Node over) {
        if (over == null || isNull(over)) {
            return base;
        }
        if (base == null || isNull(base)) {
            return over;
        }
        if (!(base instanceof MappingNode b)) {
            return base; // the file's own document is reported
        }
        if (!(over instanceof MappingNode o)) {
            return over; // the drop-in's document is reported, at its own location
        }
        List<NodeTuple> merged = new ArrayList<>(b.getValue());
        for (NodeTuple t : o.getValue()) {
            int at = indexOf(merged, t.getKeyNode());
            if (at < 0) {
                merged.add(t);
            } else {
                NodeTuple mine = merged.get(at);
                if (mine.getValueNode() instanceof MappingNode && t.getValueNode() instanceof MappingNode) {
                    merged.set(at, new NodeTuple(mine.getKeyNode(), merge(mine.getValueNode(), t.getValueNode())));
                } else {
                    merged.set(at, t);
                }
            }
        }
        b.setValue(merged);
        return b;
    }

    private static int indexOf(List<NodeTuple> tuples, Node key) {
        if (!(key instanceof ScalarNode k)) {
            return -1;
        }
        for (int i = 0; i < tuples.size(); i++) {
            if (tuples.get(i).getKeyNode() instanceof ScalarNode s && s.getValue().equals(k.getValue())) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && n.getTag().getValue().endsWith(":null");
    }

    /**
     * {@code KEELWATCH_ALERTS_MIN_PRIORITY=warning} as the override {@code alerts.min_priority=warning}, labelled with
     * the variable's name for messages; {@code KEELWATCH_DATA_DIR} is the top-level {@code data_dir}. Lists are
     * comma-separated, as for {@code --set}. The launcher's own variables are left alone.
     */
    static void fromEnvironment(Map<String, String> env, Map<String, String> overrides, Map<String, String> labels,
                                List<String> problems) {
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String var = e.getKey();
            if (!var.startsWith(PREFIX) || LAUNCHER.contains(var)) {
                continue;
            }
            String rest = var.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
            if (rest.isEmpty()) {
                problems.add("environment " + var + ": no setting named");
                continue;
            }
            String key = rest;
            for (String section : SECTIONS) {
                if (rest.startsWith(section + "_") && rest.length() > section.length() + 1) {
                    key = section + "." + rest.substring(section.length() + 1);
                    break;
                }
            }
            overrides.put(key, e.getValue());
            labels.put(key, "environment " + var);
        }
    }
}
