package io.keelwatch.agent.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * One mapping of the config file, read key by key with typed getters. Every getter takes the default,
 * looks for a command-line override of the dotted key first, then the file; a bad value is recorded
 * as a problem with its location and the default is returned so that every problem is reported at once.
 * {@link #finish()} reports the keys nobody asked for.
 */
final class YamlSection {
    private final String file;
    private final String path;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> asked = new java.util.HashSet<>();
    private final List<String> problems;
    private final Map<String, String> overrides;
    private final Set<String> usedOverrides;
    private final Origins origins;

    YamlSection(String file, String path, Node node, List<String> problems, Map<String, String> overrides,
                Set<String> usedOverrides) {
        this(file, path, node, problems, overrides, usedOverrides, Origins.NONE);
    }

    YamlSection(String file, String path, Node node, List<String> problems, Map<String, String> overrides,
                Set<String> usedOverrides, Origins origins) {
        this.origins = origins;
        this.file = file;
        this.path = path;
        this.problems = problems;
        this.overrides = overrides;
        this.usedOverrides = usedOverrides;
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k) {
                    if (entries.put(k.getValue(), t) != null) {
                        problem(k, "duplicate key '" + k.getValue() + "'");
                    }
                } else {
                    problem(t.getKeyNode(), "keys must be plain names");
                }
            }
        } else if (node != null && !isNull(node)) {
            problem(node, "'" + (path.isEmpty() ? "the document" : path) + "' must be a mapping");
        }
    }

    YamlSection section(String key) {
        asked.add(key);
        NodeTuple t = entries.get(key);
        return new YamlSection(file, dotted(key), t == null ? null : t.getValueNode(), problems, overrides,
                usedOverrides, origins);
    }

    String string(String key, String def) {
        return scalar(key, def, s -> s);
    }

    boolean bool(String key, boolean def) {
        return scalar(key, def, s -> switch (s) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false, got '" + s + "'");
        });
    }

    int integer(String key, int def, int min, int max) {
        return scalar(key, def, s -> {
            long v;
            try {
                v = Long.parseLong(s.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected an integer, got '" + s + "'");
            }
            if (v < min || v > max) {
                throw new IllegalArgumentException("must be between " + min + " and " + max + ", got " + v);
            }
            return (int) v;
        });
    }

    <T> T value(String key, T def, Function<String, T> parse) {
        return scalar(key, def, parse);
    }

    /** A list of strings: a YAML sequence, or from a flag a comma-separated value. */
    List<String> strings(String key, List<String> def) {
        return list(key, def, s -> s);
    }

    /** A list whose items are each parsed; a bad item is reported at its own location. */
    <T> List<T> list(String key, List<T> def, Function<String, T> parse) {
        asked.add(key);
        String flag = overrides.get(dotted(key));
        if (flag != null) {
            usedOverrides.add(dotted(key));
            List<T> out = new ArrayList<>();
            for (String s : flag.split(",")) {
                if (!s.isBlank()) {
                    try {
                        out.add(parse.apply(s.trim()));
                    } catch (IllegalArgumentException e) {
                        problems.add(origins.override(dotted(key)) + "=" + flag + ": " + e.getMessage());
                    }
                }
            }
            return out;
        }
        NodeTuple t = entries.get(key);
        if (t == null || isNull(t.getValueNode())) {
            return def;
        }
        if (!(t.getValueNode() instanceof SequenceNode seq)) {
            problem(t.getValueNode(), dotted(key) + ": expected a list");
            return def;
        }
        List<T> out = new ArrayList<>();
        for (Node n : seq.getValue()) {
            if (n instanceof ScalarNode s) {
                try {
                    out.add(parse.apply(s.getValue().trim()));
                } catch (IllegalArgumentException e) {
                    problem(n, dotted(key) + ": " + e.getMessage());
                }
            } else {
                problem(n, dotted(key) + ": list items must be plain values");
            }
        }
        return out;
    }

    /** A mapping of string to string (extra labels). */
    Map<String, String> stringMap(String key) {
        asked.add(key);
        NodeTuple t = entries.get(key);
        Map<String, String> out = new LinkedHashMap<>();
        if (t == null || isNull(t.getValueNode())) {
            return out;
        }
        if (!(t.getValueNode() instanceof MappingNode m)) {
            problem(t.getValueNode(), dotted(key) + ": expected a mapping");
            return out;
        }
        for (NodeTuple e : m.getValue()) {
            if (e.getKeyNode() instanceof ScalarNode k && e.getValueNode() instanceof ScalarNode v) {
                out.put(k.getValue(), v.getValue());
            } else {
                problem(e.getKeyNode(), dotted(key) + ": expected name: value");
            }
        }
        return out;
    }

    /** Reports every key of this mapping that no getter asked for. */
    void finish() {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!asked.contains(e.getKey())) {
                problem(e.getValue().getKeyNode(), "unknown key '" + dotted(e.getKey()) + "'");
            }
        }
    }

    private <T> T scalar(String key, T def, Function<String, T> parse) {
        asked.add(key);
        String flag = overrides.get(dotted(key));
        if (flag != null) {
            usedOverrides.add(dotted(key));
            try {
                return parse.apply(flag.trim());
            } catch (IllegalArgumentException e) {
                problems.add(origins.override(dotted(key)) + "=" + flag + ": " + e.getMessage());
                return def;
            }
        }
        NodeTuple t = entries.get(key);
        if (t == null || isNull(t.getValueNode())) {
            return def;
        }
        if (!(t.getValueNode() instanceof ScalarNode s)) {
            problem(t.getValueNode(), dotted(key) + ": expected a single value");
            return def;
        }
        try {
            return parse.apply(s.getValue().trim());
        } catch (IllegalArgumentException e) {
            problem(s, dotted(key) + ": " + e.getMessage());
            return def;
        }
    }

    private String dotted(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private void problem(Node at, String message) {
        Mark m = at.getStartMark();
        problems.add(origins.file(at, file) + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1) + ": " + message);
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && n.getTag().getValue().endsWith(":null");
    }
}
