package io.keelwatch.rules.lang;

import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads one rule file into {@link Item}s, keeping every node's line and column. Structural problems
 * (wrong types, missing keys, bad durations) become {@link Diagnostic}s with the node's location;
 * the reader never throws on bad input.
 */
public final class RuleFileReader {

    private static final Set<String> RULE_KEYS = Set.of("rule", "desc", "condition", "output", "priority", "tags",
            "enabled", "exceptions", "source", "override", "append", "category", "window", "interval",
            "warn_evttypes", "skip-if-unknown-filter", "capture", "capture_duration");
    /** Falco's appendable rule keys. */
    private static final Set<String> APPENDABLE = Set.of("condition", "output", "desc", "tags", "exceptions");
    /** Falco's replaceable rule keys, then Keelwatch's own (source, category, window, interval). */
    private static final Set<String> REPLACEABLE = Set.of("condition", "output", "desc", "priority", "capture",
            "capture_duration", "tags", "exceptions", "enabled", "warn_evttypes", "skip-if-unknown-filter",
            "source", "category", "window", "interval");

    private final String file;
    private final String raw;
    private final List<Item> items = new ArrayList<>();
    final List<Diagnostic> diagnostics = new ArrayList<>();
    private final RulePartsReader parts = new RulePartsReader(this);

    private RuleFileReader(String file, String raw) {
        this.file = file;
        this.raw = raw;
    }

    /** The result of reading one file. */
    public record Result(List<Item> items, List<Diagnostic> diagnostics) { }

    public static Result read(String file, String text) {
        RuleFileReader r = new RuleFileReader(file, text);
        r.readAll();
        return new Result(List.copyOf(r.items), List.copyOf(r.diagnostics));
    }

    private void readAll() {
        LoaderOptions opts = new LoaderOptions();
        opts.setAllowDuplicateKeys(true);
        opts.setCodePointLimit(64 * 1024 * 1024);
        Yaml yaml = new Yaml(opts);
        try {
            for (Node doc : yaml.composeAll(new StringReader(raw))) {
                if (doc == null) {
                    continue;
                }
                if (!(doc instanceof SequenceNode seq)) {
                    error(doc, null, "a rule file is a YAML list of rule, macro and list entries");
                    continue;
                }
                for (Node entry : seq.getValue()) {
                    readEntry(entry);
                }
            }
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            Location at = m != null ? new Location(file, m.getLine() + 1, m.getColumn() + 1) : new Location(file, 1, 1);
            diagnostics.add(Diagnostic.error(at, null, "YAML: " + firstLine(e.getProblem() != null ? e.getProblem() : e.getMessage())));
        } catch (YAMLException e) {
            diagnostics.add(Diagnostic.error(new Location(file, 1, 1), null, "YAML: " + firstLine(e.getMessage())));
        }
    }

    private void readEntry(Node entry) {
        if (!(entry instanceof MappingNode map)) {
            error(entry, null, "expected a mapping with 'rule', 'macro' or 'list'");
            return;
        }
        Map<String, NodeTuple> keys = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k) {
                keys.put(k.getValue(), t);
            } else {
                error(t.getKeyNode(), null, "keys must be plain names");
            }
        }
        if (keys.containsKey("rule")) {
            readRule(map, keys);
        } else if (keys.containsKey("macro")) {
            readMacro(map, keys);
        } else if (keys.containsKey("list")) {
            readList(map, keys);
        } else if (keys.containsKey("required_engine_version")) {
            Node v = keys.get("required_engine_version").getValueNode();
            String ver = scalar(v, null, "required_engine_version");
            String problem = ver == null ? null : EngineVersion.check(ver);
            if (problem != null) {
                error(v, null, problem);
            }
        } else if (keys.containsKey("required_plugin_versions")) {
            return;  // accepted: Keelwatch loads no plugins
        } else {
            error(entry, null, "unknown entry: expected 'rule', 'macro', 'list', 'required_engine_version' "
                    + "or 'required_plugin_versions'");
        }
    }

    private void warnUnknownKeys(Map<String, NodeTuple> keys, Set<String> known, String name) {
        for (Map.Entry<String, NodeTuple> e : keys.entrySet()) {
            if (!known.contains(e.getKey())) {
                diagnostics.add(Diagnostic.warning(loc(e.getValue().getKeyNode()), name,
                        "Unknown key '" + e.getKey() + "' ignored"));
            }
        }
    }

    private void readList(MappingNode map, Map<String, NodeTuple> keys) {
        String name = scalar(keys.get("list").getValueNode(), null, "list name");
        if (name == null) {
            return;
        }
        if (name.isBlank()) {
            error(keys.get("list").getValueNode(), null, "a list needs a name");
            return;
        }
        warnUnknownKeys(keys, Set.of("list", "items", "override", "append"), name);
        Map<String, Item.Mode> ov = overrides(keys, name, Set.of("items"), Set.of("items"));
        NodeTuple itemsT = keys.get("items");
        List<String> values = new ArrayList<>();
        if (itemsT == null) {
            error(map, name, "list '" + name + "' has no 'items'");
            return;
        }
        if (itemsT.getValueNode() instanceof SequenceNode seq) {
            for (Node n : seq.getValue()) {
                String v = scalar(n, name, "list item");
                if (v != null) {
                    values.add(v);
                }
            }
        } else if (!(itemsT.getValueNode() instanceof ScalarNode sn && sn.getValue().isEmpty())) {
            error(itemsT.getValueNode(), name, "'items' of list '" + name + "' must be a sequence");
            return;
        }
        Item.Mode mode = ov == null ? Item.Mode.DEFINE : ov.getOrDefault("items", Item.Mode.DEFINE);
        items.add(new Item.ListItem(name, values, mode, loc(map)));
    }

    private void readMacro(MappingNode map, Map<String, NodeTuple> keys) {
        String name = scalar(keys.get("macro").getValueNode(), null, "macro name");
        if (name == null) {
            return;
        }
        if (name.isBlank()) {
            error(keys.get("macro").getValueNode(), null, "a macro needs a name");
            return;
        }
        warnUnknownKeys(keys, Set.of("macro", "condition", "override", "append"), name);
        Map<String, Item.Mode> ov = overrides(keys, name, Set.of("condition"), Set.of("condition"));
        NodeTuple c = keys.get("condition");
        if (c == null) {
            error(map, name, "macro '" + name + "' has no 'condition'");
            return;
        }
        SourceText cond = text(c.getValueNode(), name, "condition");
        if (cond == null) {
            return;
        }
        Item.Mode mode = ov == null ? Item.Mode.DEFINE : ov.getOrDefault("condition", Item.Mode.DEFINE);
        items.add(new Item.MacroItem(name, cond, mode, loc(map)));
    }

    private void readRule(MappingNode map, Map<String, NodeTuple> keys) {
        String name = scalar(keys.get("rule").getValueNode(), null, "rule name");
        if (name == null) {
            return;
        }
        if (name.isBlank()) {
            error(keys.get("rule").getValueNode(), null, "a rule needs a name");
            return;
        }
        for (Map.Entry<String, NodeTuple> e : keys.entrySet()) {
            if (!RULE_KEYS.contains(e.getKey())) {
                diagnostics.add(Diagnostic.warning(loc(e.getValue().getKeyNode()), name,
                        "rule '" + name + "': Unknown key '" + e.getKey() + "' ignored"));
            }
        }
        Map<String, Item.Mode> ov = overrides(keys, name, APPENDABLE, REPLACEABLE);
        if (ov == null) {
            ov = Map.of();
        }
        if (keys.containsKey("capture_duration")) {
            String v = scalar(keys.get("capture_duration").getValueNode(), name, "capture_duration");
            if (v != null && !v.strip().matches("[0-9]+")) {
                error(keys.get("capture_duration").getValueNode(), name, "'capture_duration' must be a number of milliseconds, not '" + v + "'");
            }
        }
        String desc = optScalar(keys, "desc", name);
        SourceText cond = keys.containsKey("condition") ? text(keys.get("condition").getValueNode(), name, "condition") : null;
        SourceText out = keys.containsKey("output") ? text(keys.get("output").getValueNode(), name, "output") : null;
        String prio = optScalar(keys, "priority", name);
        List<String> tags = keys.containsKey("tags") ? strings(keys.get("tags").getValueNode(), name, "tags") : null;
        Boolean enabled = null;
        if (keys.containsKey("enabled")) {
            String v = scalar(keys.get("enabled").getValueNode(), name, "enabled");
            if ("true".equalsIgnoreCase(v) || "false".equalsIgnoreCase(v)) {
                enabled = Boolean.parseBoolean(v.toLowerCase(Locale.ROOT));
            } else if (v != null) {
                error(keys.get("enabled").getValueNode(), name, "'enabled' must be true or false");
            }
        }
        List<Item.ExceptionItem> exc = keys.containsKey("exceptions") ? parts.exceptions(keys.get("exceptions").getValueNode(), name) : null;
        String source = optScalar(keys, "source", name);
        String category = optScalar(keys, "category", name);
        Item.WindowSpec window = keys.containsKey("window") ? parts.window(keys.get("window").getValueNode(), name) : null;
        Duration interval = null;
        if (keys.containsKey("interval")) {
            Node n = keys.get("interval").getValueNode();
            interval = duration(n, name, scalar(n, name, "interval"));
        }
        boolean hasBody = cond != null || out != null || desc != null || prio != null;
        if (ov.isEmpty() && cond == null && hasBody) {
            error(map, name, "rule '" + name + "' has no 'condition'");
            return;
        }
        if (ov.isEmpty() && !hasBody && enabled == null && exc == null && tags == null) {
            error(map, name, "rule '" + name + "' has no 'condition'");
            return;
        }
        items.add(new Item.RuleItem(name, loc(map), desc, cond, out, prio, tags, enabled, exc, source, category,
                window, interval, ov));
    }

    /**
     * Reads {@code override:} or the older {@code append: true}; null when neither is there. As in
     * Falco: a key may be appended or replaced only where its kind allows, the two forms do not mix,
     * and with {@code override:} every overridable key present must be listed in it.
     */
    private Map<String, Item.Mode> overrides(Map<String, NodeTuple> keys, String name, Set<String> appendable,
                                             Set<String> replaceable) {
        Set<String> allowed = new java.util.HashSet<>(appendable);
        allowed.addAll(replaceable);
        Map<String, Item.Mode> out = new LinkedHashMap<>();
        NodeTuple app = keys.get("append");
        if (app != null && keys.containsKey("override")) {
            String v = app.getValueNode() instanceof ScalarNode s ? s.getValue() : "";
            if ("true".equalsIgnoreCase(v)) {
                error(app.getKeyNode(), name, "keys 'override' and 'append: true' cannot be used together; add an"
                        + " 'append' entry (e.g. 'condition: append') under 'override' instead");
                return null;
            }
        }
        if (app != null) {
            String v = scalar(app.getValueNode(), name, "append");
            if ("true".equalsIgnoreCase(v)) {
                for (String k : List.of("condition", "exceptions", "items")) {
                    if (keys.containsKey(k) && allowed.contains(k)) {
                        out.put(k, Item.Mode.APPEND);
                    }
                }
                if (out.isEmpty()) {
                    out.put(allowed.contains("items") ? "items" : "condition", Item.Mode.APPEND);
                }
            }
        }
        NodeTuple o = keys.get("override");
        if (o != null) {
            if (!(o.getValueNode() instanceof MappingNode m)) {
                error(o.getValueNode(), name, "'override' must map keys to append or replace");
                return out.isEmpty() ? null : out;
            }
            for (NodeTuple t : m.getValue()) {
                String k = scalar(t.getKeyNode(), name, "override key");
                String v = scalar(t.getValueNode(), name, "override mode");
                if (k == null || v == null) {
                    continue;
                }
                if (v.equals("append") && !appendable.contains(k)) {
                    error(t.getKeyNode(), name, replaceable.contains(k) ? "Key '" + k + "' cannot be appended to, use 'replace' instead"
                            : "Key '" + k + "' cannot be appended to");
                } else if (v.equals("replace") && !replaceable.contains(k)) {
                    error(t.getKeyNode(), name, "Key '" + k + "' cannot be replaced");
                } else if (!v.equals("append") && !v.equals("replace")) {
                    error(t.getValueNode(), name, "override mode must be 'append' or 'replace', not '" + v + "'");
                } else if (!keys.containsKey(k)) {
                    error(t.getKeyNode(), name, "override of '" + k + "' but no '" + k + "' given");
                } else {
                    out.put(k, v.equals("append") ? Item.Mode.APPEND : Item.Mode.REPLACE);
                }
            }
            for (String k : keys.keySet()) {
                if (allowed.contains(k) && !out.containsKey(k) && m.getValue().stream().noneMatch(
                        t -> t.getKeyNode() instanceof ScalarNode s && s.getValue().equals(k))) {
                    error(keys.get(k).getKeyNode(), name, "Unexpected key '" + k + "': an item with 'override' may only"
                            + " carry the keys its 'override' lists");
                }
            }
        }
        return out.isEmpty() ? null : out;
    }

    Duration duration(Node n, String rule, String s) {
        if (s == null) {
            return null;
        }
        Duration d = Durations.parse(s);
        if (d == null || d.isNegative() || d.isZero()) {
            error(n, rule, "bad duration '" + s + "' (use e.g. 60s, 5m, 2h, 30d)");
        }
        return d;
    }

    private String optScalar(Map<String, NodeTuple> keys, String key, String rule) {
        NodeTuple t = keys.get(key);
        return t == null ? null : scalar(t.getValueNode(), rule, key);
    }

    String scalar(Node n, String rule, String what) {
        if (n instanceof ScalarNode s) {
            return s.getValue();
        }
        error(n, rule, what + " must be a single value");
        return null;
    }

    private SourceText text(Node n, String rule, String what) {
        if (!(n instanceof ScalarNode s)) {
            error(n, rule, what + " must be text");
            return null;
        }
        int start = s.getStartMark().getIndex();
        DumperOptions.ScalarStyle style = s.getScalarStyle();
        if (style == DumperOptions.ScalarStyle.SINGLE_QUOTED || style == DumperOptions.ScalarStyle.DOUBLE_QUOTED) {
            start++;
        } else if (style == DumperOptions.ScalarStyle.FOLDED || style == DumperOptions.ScalarStyle.LITERAL) {
            int nl = raw.indexOf('\n', start);
            start = nl < 0 ? raw.length() : nl + 1;
        }
        return new SourceText(file, s.getValue(), raw, Math.min(start, raw.length()));
    }

    List<String> strings(Node n, String rule, String what) {
        List<String> out = new ArrayList<>();
        if (n instanceof SequenceNode seq) {
            for (Node x : seq.getValue()) {
                String v = scalar(x, rule, what + " item");
                if (v != null) {
                    out.add(v);
                }
            }
        } else if (!(n instanceof ScalarNode s && s.getValue().isEmpty())) {
            error(n, rule, what + " must be a list");
        }
        return out;
    }

    Location loc(Node n) {
        Mark m = n.getStartMark();
        return new Location(file, m.getLine() + 1, m.getColumn() + 1);
    }

    void error(Node n, String rule, String message) {
        diagnostics.add(Diagnostic.error(loc(n), rule, message));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
