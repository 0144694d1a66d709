package io.keelwatch.audit.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Syscall names and numbers of one architecture, for audit rules ({@code -S name}). The tables are the
 * kernel's numbering as {@code ausyscall ARCH --dump} prints it, kept as resources.
 */
final class SyscallTable {
    private final String arch;
    private final Map<String, Integer> byName = new HashMap<>();
    private final Map<Integer, String> byNumber = new HashMap<>();

    private SyscallTable(String arch) {
        this.arch = arch;
    }

    private static final Map<String, SyscallTable> CACHE = Map.of(
            "x86_64", load("x86_64"), "i386", load("i386"), "aarch64", load("aarch64"));

    /** The table for {@code x86_64}, {@code i386} or {@code aarch64}; {@code null} for others. */
    static SyscallTable of(String arch) {
        return CACHE.get(arch);
    }

    /** The table of the machine this runs on. */
    static SyscallTable machine() {
        return of(machineArch());
    }

    static String machineArch() {
        String a = System.getProperty("os.arch");
        return a.equals("amd64") || a.equals("x86_64") ? "x86_64" : a.equals("aarch64") ? "aarch64" : a;
    }

    private static SyscallTable load(String arch) {
        SyscallTable t = new SyscallTable(arch);
        String res = "syscalls-" + arch + ".txt";
        try (InputStream in = SyscallTable.class.getResourceAsStream(res)) {
            if (in == null) throw new IllegalStateException("missing resource " + res);
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line; (line = r.readLine()) != null; ) {
                int tab = line.indexOf('\t');
                if (tab < 0) continue;
                int nr = Integer.parseInt(line.substring(0, tab).trim());
                String name = line.substring(tab + 1).trim();
                t.byName.putIfAbsent(name, nr);
                t.byNumber.putIfAbsent(nr, name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(res, e);
        }
        return t;
    }

    String arch() {
        return arch;
    }

    /** The number of {@code name}, or -1. */
    int number(String name) {
        Integer n = byName.get(name);
        return n == null ? -1 : n;
    }

    /** The name of {@code nr}, or its decimal form. */
    String name(int nr) {
        String n = byNumber.get(nr);
        return n != null ? n : Integer.toString(nr);
    }
}
