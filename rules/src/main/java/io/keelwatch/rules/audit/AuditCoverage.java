package io.keelwatch.rules.audit;

import io.keelwatch.rules.engine.CompiledRule;
import io.keelwatch.rules.engine.RuleSet;
import io.keelwatch.rules.fields.FieldDef;
import io.keelwatch.rules.fields.FieldDef.AuditHint;
import io.keelwatch.rules.fields.Fields;
import io.keelwatch.rules.fields.Source;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What kernel audit must record for the loaded syscall rules to see what they look for: the analysis
 * half of {@link AuditRuleSet}, which renders it as auditctl text. It reads each rule's event types and
 * literal paths, and the {@link AuditHint}s the field catalogue gives the fields the rule reads; it
 * tests no field names.
 *
 * @param ruleCount    rules loaded (for the header)
 * @param fileCount    files they came from
 * @param types        every syscall some translated rule can match, in load order
 * @param watches      host paths to watch (a trailing {@code /} for a directory) with their auditctl perm
 * @param sockets      runtime API sockets a rule names (connect path filters)
 * @param hints        the audit hints of every field a translated rule reads
 * @param knobWrites   some file rule looks at writes a host watch cannot see (procfs/sysfs knobs, no host path)
 * @param failedWrites some file rule reads the call's outcome (failed writes matter)
 * @param untranslated rules whose condition does not restrict {@code evt.type}
 */
record AuditCoverage(int ruleCount, int fileCount, Set<String> types, Map<String, String> watches, Set<String> sockets,
                     Set<AuditHint> hints, boolean knobWrites, boolean failedWrites, List<String> untranslated) {

    static final Set<String> OPEN = Set.of("open", "openat", "openat2", "creat", "open_by_handle_at");
    static final Set<String> BY_NAME = Set.of("rename", "renameat", "renameat2", "unlink", "unlinkat", "link",
            "linkat", "symlink", "symlinkat", "chmod", "fchmodat", "truncate");

    AuditCoverage {
        types = Collections.unmodifiableSet(new LinkedHashSet<>(types));
        watches = Collections.unmodifiableMap(new TreeMap<>(watches));
        sockets = Collections.unmodifiableSet(new LinkedHashSet<>(sockets));
        hints = hints.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(hints));
        untranslated = List.copyOf(untranslated);
    }

    static AuditCoverage of(RuleSet set) {
        Set<String> types = new LinkedHashSet<>();
        Set<AuditHint> hints = EnumSet.noneOf(AuditHint.class);
        Map<String, String> watches = new TreeMap<>();
        Set<String> sockets = new LinkedHashSet<>();
        List<String> untranslated = new ArrayList<>();
        boolean knobWrites = false;
        boolean failedWrites = false;
        for (CompiledRule r : set.rules()) {
            if (r.source() != Source.SYSCALL) {
                continue;
            }
            if (r.eventTypes() == null) {
                untranslated.add(r.name());
                continue;
            }
            types.addAll(r.eventTypes());
            Set<AuditHint> ruleHints = hints(r);
            hints.addAll(ruleHints);
            boolean files = r.eventTypes().stream().anyMatch(t -> OPEN.contains(t) || BY_NAME.contains(t));
            boolean fileRuleWithoutWatch = files;
            if (files && ruleHints.contains(AuditHint.FAILED_CALLS)) {
                failedWrites = true;
            }
            for (String p : r.paths()) {
                if (p.endsWith(".sock")) {
                    sockets.add(p.startsWith("/var/run/") ? p.substring(4) : p);
                } else if (files && (p.startsWith("/proc/") || p.startsWith("/sys/"))) {
                    knobWrites = true;
                } else if (files && p.indexOf('*') > p.lastIndexOf('/')) {
                    // "/root/.ssh/*": watch the directory; globs further up would watch too much
                    watches.merge(p.substring(0, p.lastIndexOf('/') + 1), perm(r, ruleHints), AuditCoverage::mergePerm);
                    fileRuleWithoutWatch = false;
                } else if (files && p.indexOf('*') >= 0) {
                    continue;
                } else if (files && !p.equals("/")) {
                    watches.merge(p, perm(r, ruleHints), AuditCoverage::mergePerm);
                    fileRuleWithoutWatch = false;
                }
            }
            if (fileRuleWithoutWatch) {
                knobWrites = true;
            }
        }
        dropCovered(watches);
        return new AuditCoverage(set.rules().size(), set.files().size(), types, watches, sockets, hints, knobWrites,
                failedWrites, untranslated);
    }

    /** The audit hints of the fields a rule reads. */
    private static Set<AuditHint> hints(CompiledRule r) {
        Set<AuditHint> out = EnumSet.noneOf(AuditHint.class);
        for (String f : r.fields()) {
            FieldDef d = Fields.lookup(f);
            if (d != null) {
                out.addAll(d.hints());
            }
        }
        return out;
    }

    /** {@code r} for read rules, {@code wa} for write rules, {@code rwa} when the rule does not say. */
    private static String perm(CompiledRule r, Set<AuditHint> hints) {
        boolean read = hints.contains(AuditHint.READ_INTENT);
        boolean write = hints.contains(AuditHint.WRITE_INTENT) || r.eventTypes().stream().anyMatch(BY_NAME::contains);
        if (read && !write) {
            return "r";
        }
        if (write && !read) {
            return "wa";
        }
        return "rwa";
    }

    /** Drops watches inside a watched directory whose permissions already cover them. */
    private static void dropCovered(Map<String, String> watches) {
        watches.keySet().removeIf(p -> {
            String perm = watches.get(p);
            String q = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
            for (int i = q.lastIndexOf('/'); i > 0; i = q.lastIndexOf('/', i - 1)) {
                String dirPerm = watches.get(q.substring(0, i + 1));
                if (dirPerm != null && mergePerm(dirPerm, perm).equals(dirPerm)) {
                    return true;
                }
            }
            return false;
        });
    }

    private static String mergePerm(String a, String b) {
        Set<Character> s = new LinkedHashSet<>();
        for (char c : "rwa".toCharArray()) {
            if (a.indexOf(c) >= 0 || b.indexOf(c) >= 0) {
                s.add(c);
            }
        }
        StringBuilder sb = new StringBuilder();
        s.forEach(sb::append);
        return sb.toString();
    }
}
