package io.keelwatch.rules.engine;

import io.keelwatch.rules.fields.FieldDef;
import io.keelwatch.rules.fields.Source;
import io.keelwatch.rules.lang.ConditionParser;
import io.keelwatch.rules.lang.ConditionSyntaxException;
import io.keelwatch.rules.lang.Definitions;
import io.keelwatch.rules.lang.Diagnostic;
import io.keelwatch.rules.lang.Expr;
import io.keelwatch.rules.lang.Item;
import io.keelwatch.rules.lang.Location;
import io.keelwatch.rules.lang.Op;
import io.keelwatch.rules.lang.SourceText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Compiles every final rule definition into a {@link CompiledRule} or a status saying why not. */
final class RuleSetBuilder {
    static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);
    private static final int MAX_WINDOW_GROUPS = 4096;
    /** Fields Falco warns about (LOAD_DEPRECATED_ITEM): every event has both directions in audit anyway. */
    private static final Set<String> DEPRECATED_FIELDS = Set.of("evt.dir");

    private final Definitions defs;
    private final Compiler compiler;
    private final List<Diagnostic> diagnostics;
    private final List<CompiledRule> rules = new ArrayList<>();
    private final List<RuleStatus> statuses = new ArrayList<>();

    RuleSetBuilder(Definitions defs, List<Diagnostic> diagnostics) {
        this.defs = defs;
        this.diagnostics = diagnostics;
        this.compiler = new Compiler(defs);
        for (Map.Entry<String, ConditionSyntaxException> e : compiler.macroErrors().entrySet()) {
            diagnostics.add(Diagnostic.error(e.getValue().location(), e.getKey(),
                    "macro '" + e.getKey() + "': " + e.getValue().getMessage()));
        }
    }

    RuleSet build(List<String> files) {
        for (Definitions.RuleDef r : defs.rules().values()) {
            compileRule(r);
        }
        // Falco's LOAD_UNUSED_MACRO / LOAD_UNUSED_LIST: what no compiled rule reaches
        for (Definitions.MacroDef m : defs.macros().values()) {
            if (!compiler.usedMacros().contains(m.name()) && !compiler.macroErrors().containsKey(m.name())) {
                diagnostics.add(Diagnostic.warning(io.keelwatch.rules.lang.WarningCode.LOAD_UNUSED_MACRO, m.location(), m.name(),
                        "macro '" + m.name() + "' is not referred to by any rule or macro"));
            }
        }
        for (Definitions.ListDef l : defs.lists().values()) {
            if (!compiler.usedLists().contains(l.name())) {
                diagnostics.add(Diagnostic.warning(io.keelwatch.rules.lang.WarningCode.LOAD_UNUSED_LIST, l.location(), l.name(),
                        "list '" + l.name() + "' is not referred to by any rule, macro or list"));
            }
        }
        return new RuleSet(rules, statuses, diagnostics, files);
    }

    private void compileRule(Definitions.RuleDef r) {
        Category category = Category.fromTags(r.tags());
        if (r.category() != null) {
            Category c = Category.parse(r.category());
            if (c == null) {
                fail(r, category, r.location(), "unknown category '" + r.category()
                        + "' (container_escape, crypto_mining, host_mount_abuse, lateral_probing, stale_container, other)");
                return;
            }
            category = c;
        }
        Source source;
        String src = r.source() == null ? "syscall" : r.source();
        switch (src) {
            case "syscall" -> source = Source.SYSCALL;
            case "inventory" -> source = Source.INVENTORY;
            case "container" -> source = Source.CONTAINER;
            default -> {
                skip(r, category, "source '" + src
                        + "' is not provided by Keelwatch (only syscall, container and inventory)");
                return;
            }
        }
        if (!r.enabled()) {
            // as Falco, a disabled rule is not compiled (its condition may even be broken): it is listed only
            statuses.add(new RuleStatus(r.name(), r.location(), RuleStatus.State.DISABLED, category, "enabled: false"));
            return;
        }
        Priority priority = Priority.parse(r.priority());
        if (priority == null) {
            fail(r, category, r.location(), r.priority() == null ? "rule '" + r.name() + "' has no priority"
                    : "unknown priority '" + r.priority() + "'");
            return;
        }
        if (r.output() == null) {
            fail(r, category, r.location(), "rule '" + r.name() + "' has no output");
            return;
        }
        Expr cond;
        try {
            cond = ConditionParser.parse(r.condition());
        } catch (ConditionSyntaxException e) {
            fail(r, category, e.location(), "rule '" + r.name() + "': " + e.getMessage());
            return;
        }
        String badException = checkExceptions(r.exceptions());
        if (badException != null) {
            fail(r, category, r.location(), "rule '" + r.name() + "': " + badException);
            return;
        }
        Expr full;
        try {
            full = compiler.expand(withExceptions(cond, r.exceptions()));
        } catch (Compiler.CompileError e) {
            fail(r, category, e.location, "rule '" + r.name() + "': " + e.getMessage());
            return;
        }
        if (source == Source.SYSCALL && Set.of(LifecycleTypes.FALCO_CONTAINER).equals(Compiler.eventTypes(full))) {
            // Falco's idiom: a syscall rule on the `container` event is a container lifecycle rule here.
            source = Source.CONTAINER;
        }
        if (source == Source.CONTAINER) {
            full = LifecycleTypes.expandAlias(full);
        }
        Set<String> missing = Compiler.unsupportedFields(full, source);
        for (Item.ExceptionItem e : r.exceptions()) {
            for (String f : e.fields()) {
                addUnknown(missing, fieldOf(f, null));
            }
        }
        if (r.window() != null) {
            for (String f : concat(r.window().by(), r.window().distinct())) {
                addUnknown(missing, fieldOf(f, null));
            }
        }
        if (!missing.isEmpty()) {
            String reason = (missing.size() == 1 ? "field '" : "fields '") + String.join("', '", missing)
                    + (missing.size() == 1 ? "' is" : "' are") + " not available from "
                    + (source == Source.SYSCALL ? "audit events" : source == Source.CONTAINER
                    ? "container lifecycle events" : "the container inventory");
            if (!r.enabled()) {
                statuses.add(new RuleStatus(r.name(), r.location(), RuleStatus.State.DISABLED, category, "disabled; " + reason));
                return;
            }
            skip(r, category, reason);
            return;
        }
        for (String f : Compiler.fields(full)) {
            if (DEPRECATED_FIELDS.contains(f)) {
                diagnostics.add(Diagnostic.warning(r.condition().locate(Math.max(0, r.condition().value().indexOf(f))), r.name(),
                        "rule '" + r.name() + "': usage of deprecated field '" + f + "'"));
            }
        }
        Predicate predicate;
        try {
            predicate = compiler.compile(full, source);
        } catch (Compiler.CompileError e) {
            fail(r, category, e.location, "rule '" + r.name() + "': " + e.getMessage());
            return;
        }
        CompiledRule.Window window = null;
        if (r.window() != null) {
            if (source != Source.SYSCALL) {
                fail(r, category, r.window().location(), "windows apply to syscall rules only");
                return;
            }
            try {
                window = window(r.window());
            } catch (Compiler.CompileError e) {
                fail(r, category, e.location, "rule '" + r.name() + "': " + e.getMessage());
                return;
            }
        }
        List<String> unknownOut = new ArrayList<>();
        SourceText outText = r.output();
        OutputTemplate out;
        try {
            out = OutputTemplate.parseStrict(outText.value(), source, unknownOut);
        } catch (OutputTemplate.FormatException e) {
            fail(r, category, outText.locate(Math.min(e.offset, outText.value().length())), "rule '" + r.name() + "': output: " + e.getMessage());
            return;
        }
        if (!unknownOut.isEmpty()) {
            diagnostics.add(Diagnostic.warning(outText.locate(0), r.name(), "rule '" + r.name() + "': output field(s) "
                    + String.join(", ", unknownOut) + " not available, rendered as <NA>"));
        }
        if (!r.enabled()) {
            statuses.add(new RuleStatus(r.name(), r.location(), RuleStatus.State.DISABLED, category, "enabled: false"));
            return;
        }
        Set<String> types = source == Source.INVENTORY ? Set.of() : Compiler.eventTypes(full);
        if (source != Source.INVENTORY && types == null) {
            diagnostics.add(Diagnostic.warning(r.location(), r.name(), "rule '" + r.name()
                    + "' does not restrict evt.type: it is evaluated for every "
                    + (source == Source.CONTAINER ? "container event" : "event")));
        }
        if (source == Source.CONTAINER && types != null && !LifecycleTypes.unknown(types).isEmpty()) {
            fail(r, category, r.location(), "rule '" + r.name() + "': evt.type '"
                    + String.join("', '", LifecycleTypes.unknown(types)) + "' is no container event (create, start, "
                    + "running, update, exec, die, image; container = create, start, running)");
            return;
        }
        Set<String> paths = new LinkedHashSet<>();
        Compiler.paths(full, false, paths);
        Duration interval = source == Source.INVENTORY ? (r.interval() != null ? r.interval() : DEFAULT_INTERVAL) : null;
        rules.add(new CompiledRule(rules.size(), r.name(), r.desc().strip(), priority, category, r.tags(), source,
                r.location(), predicate, new CompiledRule.OutputTemplateRef(out), types == null ? null : ordered(types),
                window, interval, ordered(paths), Compiler.fields(full)));
        statuses.add(new RuleStatus(r.name(), r.location(), RuleStatus.State.LOADED, category, ""));
    }

    /** An immutable copy in the condition's order: Set.copyOf's order changes from run to run, and the audit rules follow it. */
    private static <T> Set<T> ordered(Set<T> s) {
        return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(s));
    }

        private CompiledRule.Window window(Item.WindowSpec w) throws Compiler.CompileError {
        List<FieldDef.Bound> by = new ArrayList<>();
        for (String f : w.by()) {
            by.add(Compiler.bind(fieldOf(f, new Expr.Pos(SourceText.at(w.location(), f), 0)), Source.SYSCALL));
        }
        List<FieldDef.Bound> distinct = new ArrayList<>();
        for (String f : w.distinct()) {
            distinct.add(Compiler.bind(fieldOf(f, new Expr.Pos(SourceText.at(w.location(), f), 0)), Source.SYSCALL));
        }
        return new CompiledRule.Window(by, distinct, w.by(), w.distinct(), w.over().toMillis(), w.threshold());
    }

    /** Adds the fields {@code ref} reads that the catalogue does not have. */
    private static void addUnknown(Set<String> missing, Expr.FieldRef ref) {
        for (String f : ref.baseFields()) {
            if (io.keelwatch.rules.fields.Fields.lookup(f) == null) {
                missing.add(f);
            }
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** Falco's checks of each exception's shape, whether or not it has values; null when sound. */
    private static String checkExceptions(List<Item.ExceptionItem> exceptions) {
        for (Item.ExceptionItem e : exceptions) {
            String at = "exception '" + e.name() + "': ";
            if (e.fields().isEmpty()) {
                return at + "Item has no mapping for key 'fields'";
            }
            if (!e.singleField() && !e.comps().isEmpty() && e.comps().size() != e.fields().size()) {
                return at + "Fields and comps lists must have equal length";
            }
            for (String c : e.comps()) {
                if (!Op.isComparison(c)) {
                    return at + "'" + c + "' is not a supported comparison operator";
                }
            }
            if (!e.singleField()) {
                for (List<Object> tuple : e.values()) {
                    if (tuple.size() != e.fields().size()) {
                        return at + "Fields and values lists must have equal length";
                    }
                }
            }
        }
        return null;
    }

    /** {@code cond and not (exc1 or exc2 ...)}, each exception an or of its value tuples. */
    private static Expr withExceptions(Expr cond, List<Item.ExceptionItem> exceptions) {
        List<Expr> excuses = new ArrayList<>();
        for (Item.ExceptionItem e : exceptions) {
            SourceText at = SourceText.at(e.location(), e.name());
            Expr.Pos pos = new Expr.Pos(at, 0);
            if (e.singleField()) {
                String comp = e.comps().isEmpty() ? "in" : e.comps().get(0);
                List<Expr.Value> vals = new ArrayList<>();
                for (List<Object> tuple : e.values()) {
                    for (Object o : tuple) {
                        addValues(vals, o, pos);
                    }
                }
                if (!vals.isEmpty()) {
                    excuses.add(check(fieldOf(e.fields().get(0), pos), comp, vals, true, pos));
                }
                continue;
            }
            for (List<Object> tuple : e.values()) {
                List<Expr> parts = new ArrayList<>();
                for (int i = 0; i < e.fields().size() && i < tuple.size(); i++) {
                    Op.Comparison comp = Op.comparison(i < e.comps().size() ? e.comps().get(i) : "=");
                    List<Expr.Value> vals = new ArrayList<>();
                    Object o = tuple.get(i);
                    addValues(vals, o, pos);
                    boolean listForm = o instanceof List || comp.op().kind() == Op.Kind.LIST || comp.modifier() != null;
                    parts.add(new Expr.Check(fieldOf(e.fields().get(i), pos), comp.op(), comp.modifier(), vals, listForm, pos));
                }
                if (!parts.isEmpty()) {
                    excuses.add(parts.size() == 1 ? parts.get(0) : new Expr.And(parts));
                }
            }
        }
        if (excuses.isEmpty()) {
            return cond;
        }
        return new Expr.And(List.of(cond, new Expr.Not(excuses.size() == 1 ? excuses.get(0) : new Expr.Or(excuses))));
    }

    /** A check with an exception's comparison, which {@link #checkExceptions} has found sound. */
    private static Expr.Check check(Expr.FieldRef field, String comp, List<Expr.Value> vals, boolean listForm, Expr.Pos pos) {
        Op.Comparison c = Op.comparison(comp);
        return new Expr.Check(field, c.op(), c.modifier(), vals, listForm, pos);
    }

    private static void addValues(List<Expr.Value> vals, Object o, Expr.Pos pos) {
        if (o instanceof List<?> l) {
            for (Object x : l) {
                vals.add(new Expr.Value(String.valueOf(x), false, pos));
            }
        } else {
            vals.add(new Expr.Value(String.valueOf(o), false, pos));
        }
    }

    /** A field named outside a condition (exceptions, windows), read by the condition parser's field grammar. */
    private static Expr.FieldRef fieldOf(String text, Expr.Pos pos) {
        return Expr.FieldRef.parse(text, pos);
    }

    private void skip(Definitions.RuleDef r, Category category, String reason) {
        diagnostics.add(Diagnostic.warning(r.location(), r.name(), "rule '" + r.name() + "' skipped: " + reason));
        statuses.add(new RuleStatus(r.name(), r.location(), RuleStatus.State.SKIPPED, category, reason));
    }

    private void fail(Definitions.RuleDef r, Category category, Location at, String message) {
        diagnostics.add(Diagnostic.error(at != null ? at : r.location(), r.name(), message));
        statuses.add(new RuleStatus(r.name(), r.location(), RuleStatus.State.SKIPPED, category, message));
    }
}
