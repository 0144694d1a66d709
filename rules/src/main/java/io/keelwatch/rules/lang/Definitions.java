package io.keelwatch.rules.lang;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lists, macros and rules after every file has been applied in order: a later definition replaces
 * an earlier one, an override appends to or replaces single keys. Owned by one load.
 */
public final class Definitions {

    /** A list's final items and where it was (last) defined. */
    public record ListDef(String name, List<String> items, Location location) { }

    /** A macro's final condition (appended parts keep their own locations). */
    public record MacroDef(String name, SourceText condition, Location location) { }

    /** A rule's final shape. */
    public record RuleDef(String name, Location location, String desc, SourceText condition, SourceText output,
                          String priority, List<String> tags, boolean enabled, List<Item.ExceptionItem> exceptions,
                          String source, String category, Item.WindowSpec window, Duration interval) { }

    private final Map<String, ListDef> lists = new LinkedHashMap<>();
    private final Map<String, MacroDef> macros = new LinkedHashMap<>();
    private final Map<String, RuleDef> rules = new LinkedHashMap<>();
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    public void apply(Item item) {
        item.accept(new Item.Visitor<Void>() {
            @Override
            public Void list(Item.ListItem l) {
                applyList(l);
                return null;
            }

            @Override
            public Void macro(Item.MacroItem m) {
                applyMacro(m);
                return null;
            }

            @Override
            public Void rule(Item.RuleItem r) {
                applyRule(r);
                return null;
            }
        });
    }

    private void applyList(Item.ListItem l) {
        ListDef old = lists.get(l.name());
        if (l.mode() == Item.Mode.APPEND) {
            if (old == null) {
                diagnostics.add(Diagnostic.error(l.location(), l.name(), "append to undefined list '" + l.name() + "'"));
                return;
            }
            List<String> items = new ArrayList<>(old.items());
            items.addAll(l.items());
            lists.put(l.name(), new ListDef(l.name(), items, old.location()));
        } else {
            // Falco takes "override: replace" of a list not yet defined as its definition
            lists.put(l.name(), new ListDef(l.name(), l.items(), l.location()));
        }
    }

    private void applyMacro(Item.MacroItem m) {
        MacroDef old = macros.get(m.name());
        if (m.mode() == Item.Mode.APPEND) {
            if (old == null) {
                diagnostics.add(Diagnostic.error(m.location(), m.name(), "append to undefined macro '" + m.name() + "'"));
                return;
            }
            macros.put(m.name(), new MacroDef(m.name(), SourceText.join(old.condition(), m.condition()), old.location()));
        } else {
            // Falco takes "override: replace" of a macro not yet defined as its definition
            macros.put(m.name(), new MacroDef(m.name(), m.condition(), m.location()));
        }
    }

    private void applyRule(Item.RuleItem r) {
        RuleDef old = rules.get(r.name());
        boolean enableOnly = !r.isOverride() && r.condition() == null;
        if (!r.isOverride() && !enableOnly) {
            rules.put(r.name(), new RuleDef(r.name(), r.location(), nz(r.desc()), r.condition(), r.output(), r.priority(),
                    r.tags() == null ? List.of() : r.tags(), r.enabled() == null || r.enabled(),
                    r.exceptions() == null ? List.of() : r.exceptions(), r.source(), r.category(), r.window(), r.interval()));
            return;
        }
        if (old == null) {
            diagnostics.add(Diagnostic.error(r.location(), r.name(), (enableOnly ? "rule '" + r.name() + "' has no 'condition'"
                    : "override of undefined rule '" + r.name() + "'")));
            return;
        }
        if (enableOnly) {
            // Falco allows "- rule: X / enabled: false" (and tags or exceptions alone) to tune an earlier rule
            boolean enabled = r.enabled() != null ? r.enabled() : old.enabled();
            List<Item.ExceptionItem> exc = r.exceptions() != null ? mergeExceptions(old.exceptions(), r.exceptions()) : old.exceptions();
            List<String> tags = r.tags() != null ? r.tags() : old.tags();
            rules.put(r.name(), new RuleDef(old.name(), old.location(), old.desc(), old.condition(), old.output(),
                    old.priority(), tags, enabled, exc, old.source(), old.category(), old.window(), old.interval()));
            return;
        }
        Map<String, Item.Mode> ov = r.overrides();
        String desc = pick(ov, "desc", old.desc(), r.desc(), (a, b) -> a + " " + b);
        SourceText cond = old.condition();
        if (ov.containsKey("condition") && r.condition() != null) {  // null: the reader reported the bad value
            cond = ov.get("condition") == Item.Mode.APPEND ? SourceText.join(old.condition(), r.condition()) : r.condition();
        }
        SourceText out = old.output();
        if (ov.containsKey("output") && r.output() != null) {
            out = ov.get("output") == Item.Mode.APPEND && old.output() != null ? SourceText.join(old.output(), r.output()) : r.output();
        }
        String prio = ov.containsKey("priority") ? r.priority() : old.priority();
        List<String> tags = old.tags();
        if (ov.containsKey("tags")) {
            if (ov.get("tags") == Item.Mode.APPEND) {
                tags = new ArrayList<>(old.tags());
                tags.addAll(r.tags());
            } else {
                tags = r.tags();
            }
        }
        boolean enabled = r.enabled() != null ? r.enabled() : old.enabled();
        List<Item.ExceptionItem> exc = old.exceptions();
        if (ov.containsKey("exceptions")) {
            exc = ov.get("exceptions") == Item.Mode.APPEND ? mergeExceptions(old.exceptions(), r.exceptions()) : r.exceptions();
        }
        String source = ov.containsKey("source") ? r.source() : old.source();
        String category = ov.containsKey("category") ? r.category() : old.category();
        Item.WindowSpec window = ov.containsKey("window") ? r.window() : old.window();
        Duration interval = ov.containsKey("interval") ? r.interval() : old.interval();
        rules.put(r.name(), new RuleDef(old.name(), old.location(), desc, cond, out, prio, List.copyOf(tags), enabled,
                exc, source, category, window, interval));
    }

    /** Exceptions appended by name: values of a known one are added, new ones are added whole. */
    private static List<Item.ExceptionItem> mergeExceptions(List<Item.ExceptionItem> old, List<Item.ExceptionItem> add) {
        List<Item.ExceptionItem> out = new ArrayList<>(old);
        for (Item.ExceptionItem e : add) {
            int idx = -1;
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i).name().equals(e.name())) {
                    idx = i;
                }
            }
            if (idx < 0) {
                out.add(e);
            } else {
                Item.ExceptionItem o = out.get(idx);
                List<List<Object>> values = new ArrayList<>(o.values());
                values.addAll(e.values());
                out.set(idx, new Item.ExceptionItem(o.name(), o.fields(), o.comps(), values, o.singleField(), o.location()));
            }
        }
        return out;
    }

    private interface Joiner {
        String join(String a, String b);
    }

    private static String pick(Map<String, Item.Mode> ov, String key, String old, String now, Joiner append) {
        if (!ov.containsKey(key)) {
            return old;
        }
        return ov.get(key) == Item.Mode.APPEND ? append.join(old, now) : now;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    public Map<String, ListDef> lists() {
        return lists;
    }

    public Map<String, MacroDef> macros() {
        return macros;
    }

    public Map<String, RuleDef> rules() {
        return rules;
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
