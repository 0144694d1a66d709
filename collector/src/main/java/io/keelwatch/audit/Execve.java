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
        byte[] line = r.lineBytes();
        for (FieldCursor f = r.rawFields(); f.next(); ) {
            int ns = f.nameStart();
            int ne = f.nameEnd();
            if (f.code() == FieldName.ARGC) {
                if (argc < 0) {
                    argc = (int) Math.min(FieldCodec.decimal(line, f.kind(), f.valueStart(), f.valueEnd(), -1), MAX_INDEX);
                }
                continue;
            }
            int digitsEnd = argDigitsEnd(line, ns, ne);
            if (digitsEnd < 0) {
                continue;
            }
            int idx = (int) FieldCodec.parseDecimal(line, ns + 1, digitsEnd, -1);
            if (idx < 0 || idx >= MAX_INDEX) {
                continue;
            }
            // EXECVE arguments are encoded: hex unless quoted
            byte[] v = FieldCodec.bytes(line, f.kind(), f.valueStart(), f.valueEnd(), true);
            while (args.size() <= idx) {
                args.add(null);
            }
            ByteArrayOutputStream cur = args.get(idx);
            boolean fragment = digitsEnd < ne;
            if (cur == null || !fragment) {
                cur = new ByteArrayOutputStream(v == null ? 0 : v.length);
                args.set(idx, cur);
            }
            if (v != null) {
                cur.write(v, 0, v.length);
            }
        }
    }

    /**
     * For names {@code aN} and {@code aN[i]}, the end of {@code N}'s digits (at most seven); -1 for
     * {@code aN_len} and anything else.
     */
    private static int argDigitsEnd(byte[] b, int s, int e) {
        if (e - s < 2 || b[s] != 'a' || !FieldCodec.isDigit(b[s + 1])) {
            return -1;
        }
        int j = s + 1;
        while (j < e && FieldCodec.isDigit(b[j])) {
            j++;
        }
        if (j - s > 8 || (j < e && b[j] != '[')) {
            return -1;
        }
        return j;
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
