package io.keelwatch.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * EXECVE argument assembly (kernel {@code audit_log_execve_info}, notes §1.5): {@code argc} in the first
 * record, {@code aN} whole arguments, and for long ones {@code aN_len} followed by fragments
 * {@code aN[0]}, {@code aN[1]}, ... (hex even when printable), possibly spread over several EXECVE
 * records of the same event. Arguments land at their index; fragments are joined as bytes (a UTF-8
 * character may straddle two) in arrival order. Older kernels skipped empty arguments, so missing
 * indexes up to {@code argc} become empty strings.
 */
final class Execve {
    /** Beyond any kernel's MAX_ARG_STRINGS: a corrupt index, not an argument. */
    private static final int MAX_INDEX = 1 << 21;

    private final List<ByteArrayOutputStream> args = new ArrayList<>();
    private int argc = -1;

    void add(AuditRecord r) {
        int n = r.rawFieldCount();
        for (int i = 0; i < n; i++) {
            if (r.nameEquals(i, "argc")) {
                if (argc < 0) {
                    argc = (int) Math.min(r.valueLong(i, -1), MAX_INDEX);
                }
                continue;
            }
            int idx = argIndex(r, i);
            if (idx < 0) {
                continue;
            }
            byte[] v = r.valueBytes(i);
            while (args.size() <= idx) {
                args.add(null);
            }
            ByteArrayOutputStream cur = args.get(idx);
            boolean fragment = r.fieldName(i).indexOf('[') > 0;
            if (cur == null || !fragment) {
                cur = new ByteArrayOutputStream(v == null ? 0 : v.length);
                args.set(idx, cur);
            }
            if (v != null) {
                cur.write(v, 0, v.length);
            }
        }
    }

    /** {@code N} for fields {@code aN} and {@code aN[i]}; -1 for {@code aN_len} and anything else. */
    private static int argIndex(AuditRecord r, int i) {
        String name = r.fieldName(i);
        if (name.length() < 2 || name.charAt(0) != 'a' || !Character.isDigit(name.charAt(1))) {
            return -1;
        }
        int j = 1;
        while (j < name.length() && Character.isDigit(name.charAt(j))) {
            j++;
        }
        if (j > 8 || (j < name.length() && name.charAt(j) != '[')) {
            return -1;
        }
        int idx = Integer.parseInt(name, 1, j, 10);
        return idx < MAX_INDEX ? idx : -1;
    }

    List<String> argv() {
        // argc beyond the arguments seen pads with empty strings, but a corrupt argc must not allocate millions.
        int n = Math.max(args.size(), Math.min(argc, args.size() + 1024));
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ByteArrayOutputStream b = i < args.size() ? args.get(i) : null;
            out.add(b == null ? "" : b.toString(StandardCharsets.UTF_8));
        }
        return out;
    }
}
