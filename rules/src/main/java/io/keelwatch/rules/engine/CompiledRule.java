package io.keelwatch.rules.engine;

import io.keelwatch.rules.fields.FieldDef;
import io.keelwatch.rules.fields.Source;
import io.keelwatch.rules.lang.Location;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A loaded rule, ready to evaluate.
 *
 * @param index      position in load order (matches are reported in this order)
 * @param eventTypes the syscalls that can satisfy the condition, or {@code null} for any
 * @param window     the counting window, or {@code null}
 * @param interval   how often an inventory rule runs; {@code null} for event rules
 * @param paths      literal file paths the condition compares a path field with (for audit rules)
 * @param fields     every field the condition reads
 */
public record CompiledRule(int index, String name, String desc, Priority priority, Category category, List<String> tags,
                           Source source, Location location, Predicate predicate, OutputTemplateRef output,
                           Set<String> eventTypes, Window window, Duration interval, Set<String> paths,
                           Set<String> fields) {

    /** The output template, opaque outside the engine. */
    public static final class OutputTemplateRef {
        final OutputTemplate template;

        OutputTemplateRef(OutputTemplate template) {
            this.template = template;
        }

        public List<String> fieldNames() {
            return template.fieldNames();
        }
    }

    /** A compiled window: grouping and distinct fields bound. */
    public record Window(List<FieldDef.Bound> by, List<FieldDef.Bound> distinct, List<String> byNames,
                         List<String> distinctNames, long overMs, int threshold) { }
}
