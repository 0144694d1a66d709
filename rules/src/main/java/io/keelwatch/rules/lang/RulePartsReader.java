package io.keelwatch.rules.lang;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads the structured parts of a rule entry: Falco exceptions and Keelwatch windows. */
final class RulePartsReader {
    private final RuleFileReader r;

    RulePartsReader(RuleFileReader r) {
        this.r = r;
    }

    List<Item.ExceptionItem> exceptions(Node n, String rule) {
        List<Item.ExceptionItem> out = new ArrayList<>();
        if (!(n instanceof SequenceNode seq)) {
            r.error(n, rule, "'exceptions' must be a list");
            return out;
        }
        for (Node e : seq.getValue()) {
            if (!(e instanceof MappingNode m)) {
                r.error(e, rule, "an exception is a mapping with name, fields, comps, values");
                continue;
            }
            String name = null;
            List<String> fields = List.of();
            List<String> comps = List.of();
            List<List<Object>> values = new ArrayList<>();
            boolean single = false;
            for (NodeTuple t : m.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode ks)) {
                    r.error(t.getKeyNode(), rule, "an exception's keys are plain names (name, fields, comps, values)");
                    continue;
                }
                String k = ks.getValue();
                Node v = t.getValueNode();
                switch (k) {
                    case "name" -> name = r.scalar(v, rule, "exception name");
                    case "fields" -> {
                        if (v instanceof ScalarNode s) {
                            fields = List.of(s.getValue());
                            single = true;
                        } else {
                            fields = r.strings(v, rule, "exception fields");
                        }
                    }
                    case "comps" -> comps = (v instanceof ScalarNode s ? List.of(s.getValue()) : r.strings(v, rule, "exception comps"))
                            .stream().map(c -> c.strip().replaceAll("\\s+", " ")).toList();
                    case "values" -> {
                        if (v instanceof SequenceNode vs) {
                            for (Node tuple : vs.getValue()) {
                                values.add(tupleOf(tuple));
                            }
                        } else if (!(v instanceof ScalarNode s && s.getValue().isEmpty())) {
                            r.error(v, rule, "exception values must be a list");
                        }
                    }
                    default -> r.diagnostics.add(Diagnostic.warning(r.loc(t.getKeyNode()), rule, "unknown exception key '" + k + "'"));
                }
            }
            if (name == null) {
                r.error(e, rule, "exception without a name");
                continue;
            }
            out.add(new Item.ExceptionItem(name, fields, comps, values, single, r.loc(e)));
        }
        return out;
    }

    /** A value tuple: scalars stay strings, nested sequences become lists of strings. */
    private List<Object> tupleOf(Node n) {
        List<Object> out = new ArrayList<>();
        if (n instanceof SequenceNode seq) {
            for (Node x : seq.getValue()) {
                if (x instanceof SequenceNode inner) {
                    List<String> l = new ArrayList<>();
                    for (Node y : inner.getValue()) {
                        if (y instanceof ScalarNode s) {
                            l.add(s.getValue());
                        }
                    }
                    out.add(l);
                } else if (x instanceof ScalarNode s) {
                    out.add(s.getValue());
                }
            }
        } else if (n instanceof ScalarNode s) {
            out.add(s.getValue());
        }
        return out;
    }

    Item.WindowSpec window(Node n, String rule) {
        if (!(n instanceof MappingNode m)) {
            r.error(n, rule, "'window' must be a mapping with by, distinct, over, threshold");
            return null;
        }
        List<String> by = List.of();
        List<String> distinct = List.of();
        Duration over = null;
        int threshold = -1;
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode ks)) {
                r.error(t.getKeyNode(), rule, "a window's keys are plain names (by, distinct, over, threshold)");
                continue;
            }
            String k = ks.getValue();
            Node v = t.getValueNode();
            switch (k) {
                case "by" -> by = v instanceof ScalarNode s ? List.of(s.getValue()) : r.strings(v, rule, "window.by");
                case "distinct" -> distinct = v instanceof ScalarNode s ? List.of(s.getValue()) : r.strings(v, rule, "window.distinct");
                case "over" -> over = r.duration(v, rule, r.scalar(v, rule, "window.over"));
                case "threshold" -> {
                    String s = r.scalar(v, rule, "window.threshold");
                    try {
                        threshold = Integer.parseInt(s);
                    } catch (NumberFormatException ex) {
                        r.error(v, rule, "window.threshold must be a positive integer, not '" + s + "'");
                        return null;
                    }
                    if (threshold < 1) {
                        r.error(v, rule, "window.threshold must be a positive integer, not '" + s + "'");
                        return null;
                    }
                }
                default -> {
                    r.error(t.getKeyNode(), rule, "unknown window key '" + k + "' (by, distinct, over, threshold)");
                    return null;
                }
            }
        }
        if (distinct.isEmpty() || over == null || threshold < 1) {
            r.error(n, rule, "window needs 'distinct', 'over' and 'threshold'");
            return null;
        }
        return new Item.WindowSpec(by, distinct, over, threshold, r.loc(n));
    }
}
