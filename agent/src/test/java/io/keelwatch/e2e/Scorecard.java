package io.keelwatch.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Per scenario: detected or not, by which rules, how fast, and what else it raised. Printed and written out. */
public final class Scorecard {

    /** One scenario's outcome; latency is null when nothing was detected. */
    public record Row(String mode, String scenario, String expected, boolean pass, Set<String> rules,
                      Duration latency, Set<String> otherCategories, String note) {}

    private final List<Row> rows = Collections.synchronizedList(new ArrayList<>());
    private final List<String> descriptions = Collections.synchronizedList(new ArrayList<>());

    /** A line printed above the table: how a mode ran (audit source, configuration). */
    public void describe(String line) {
        descriptions.add(line);
    }

    public void add(Row row) {
        rows.add(row);
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    public List<Row> failures() {
        return rows().stream().filter(r -> !r.pass()).toList();
    }

    public String render() {
        StringBuilder sb = new StringBuilder();
        for (String d : List.copyOf(descriptions)) {
            sb.append(d).append('\n');
        }
        String fmt = "%-8s %-16s %-17s %-9s %9s  %-44s %s%n";
        sb.append(String.format(fmt, "mode", "scenario", "expected", "result", "latency", "rule(s)", "also raised / note"));
        for (Row r : rows()) {
            String result = r.expected().equals("none") ? (r.pass() ? "quiet" : "FALSE+") : (r.pass() ? "detected" : "MISSED");
            String latency = r.latency() == null ? "-" : r.latency().toMillis() + " ms";
            String rules = r.rules().isEmpty() ? "-" : String.join(",", r.rules());
            Set<String> also = new TreeSet<>(r.otherCategories());
            String note = (also.isEmpty() ? "" : String.join(",", also)) + (r.note().isEmpty() ? "" : " " + r.note());
            sb.append(String.format(fmt, r.mode(), r.scenario(), r.expected(), result, latency, rules, note.trim()));
        }
        long attacks = rows().stream().filter(r -> !r.expected().equals("none")).count();
        long detected = rows().stream().filter(r -> !r.expected().equals("none") && r.pass()).count();
        long benign = rows().size() - attacks;
        long quiet = rows().stream().filter(r -> r.expected().equals("none") && r.pass()).count();
        sb.append(String.format("attacks detected: %d/%d, benign quiet: %d/%d%n", detected, attacks, quiet, benign));
        return sb.toString();
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, render());
    }
}
