package io.keelwatch.rules.lang;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One top-level entry of a rule file, as written (before overrides are applied). */
public sealed interface Item {

    String name();

    Location location();

    /** One method per kind of entry: a new kind does not compile until every reader of entries handles it. */
    interface Visitor<R> {
        R list(ListItem l);

        R macro(MacroItem m);

        R rule(RuleItem r);
    }

    <R> R accept(Visitor<R> v);

    /** How an entry changes an earlier one of the same name. */
    enum Mode { DEFINE, APPEND, REPLACE }

    record ListItem(String name, List<String> items, Mode mode, Location location) implements Item {
        public ListItem {
            items = List.copyOf(items);
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.list(this);
        }
    }

    record MacroItem(String name, SourceText condition, Mode mode, Location location) implements Item {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.macro(this);
        }
    }

    /**
     * A rule entry. Absent keys are {@code null}; {@code overrides} maps a key to APPEND or REPLACE
     * for the override forms ({@code override:} or the older {@code append: true}), and is empty for a
     * full definition.
     */
    record RuleItem(
            String name,
            Location location,
            String desc,
            SourceText condition,
            SourceText output,
            String priority,
            List<String> tags,
            Boolean enabled,
            List<ExceptionItem> exceptions,
            String source,
            String category,
            WindowSpec window,
            Duration interval,
            Map<String, Mode> overrides) implements Item {

        public boolean isOverride() {
            return !overrides.isEmpty();
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.rule(this);
        }
    }

    /**
     * A Falco exception: a tuple of fields with comparison operators and the value tuples that
     * excuse an event.
     *
     * @param singleField {@code fields:} was a scalar: each value is one operand of {@code comps[0]}
     */
    record ExceptionItem(String name, List<String> fields, List<String> comps, List<List<Object>> values,
                         boolean singleField, Location location) { }

    /**
     * Counting window (Keelwatch extension).
     *
     * @param by        grouping fields (one counter set per distinct tuple)
     * @param distinct  fields whose distinct value tuples are counted
     * @param over      window length
     * @param threshold fires once when the distinct count reaches this inside the window
     */
    record WindowSpec(List<String> by, List<String> distinct, Duration over, int threshold, Location location) {
        public WindowSpec {
            by = List.copyOf(by);
            distinct = List.copyOf(distinct);
        }
    }
}
