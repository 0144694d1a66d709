package io.keelwatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.rules.fields.FieldDef;
import io.keelwatch.rules.fields.Fields;
import io.keelwatch.rules.fields.Source;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code keelwatch rules fields}: every field a rule may name, with its type, argument, sources, kind, the
 * audit coverage it asks for, and description.
 */
@Command(name = "fields", description = "List every field rules may use, with its type and description.")
final class RulesFieldsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "One JSON object per line: {field, type, arg, sources, kind, audit, description}.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ObjectMapper om = new ObjectMapper();
        if (!json) {
            out.printf("%-28s  %-8s  %-8s  %-16s  %-9s  %s%n", "FIELD", "TYPE", "ARG", "SOURCES", "KIND", "DESCRIPTION");
        }
        for (FieldDef d : Fields.all()) {
            String sources = d.sources().stream().map(Source::name).map(s -> s.toLowerCase(Locale.ROOT))
                    .sorted().collect(Collectors.joining(","));
            String arg = d.arg().name().toLowerCase(Locale.ROOT);
            String kind = d.kind().name().toLowerCase(Locale.ROOT);
            if (json) {
                ObjectNode o = om.createObjectNode();
                o.put("field", d.name());
                o.put("type", d.typeName());
                o.put("arg", arg);
                o.put("sources", sources);
                o.put("kind", kind);
                d.hints().forEach(h -> o.withArray("audit").add(h.name().toLowerCase(Locale.ROOT)));
                o.put("description", d.description());
                out.println(om.writeValueAsString(o));
            } else {
                out.printf("%-28s  %-8s  %-8s  %-16s  %-9s  %s%n", d.name(), d.typeName(), arg, sources, kind, d.description());
            }
        }
        out.flush();
        return 0;
    }
}
