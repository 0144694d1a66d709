package io.keelwatch.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * AUDIT_ARCH values ({@code arch=} in SYSCALL: ELF machine | 0x80000000 for 64-bit | 0x40000000 for
 * little-endian) and the per-architecture syscall tables. Tables are {@code syscalls-<arch>.txt},
 * generated from {@code ausyscall <arch> --dump}; numbers are always translated with the record's own arch.
 */
public final class AuditArch {
    public static final long X86_64 = 0xc000003eL;
    public static final long I386 = 0x40000003L;
    public static final long AARCH64 = 0xc00000b7L;

    private static final long LE = 0x40000000L;

    private static final Map<Long, String> NAMES = Map.ofEntries(
            Map.entry(X86_64, "x86_64"), Map.entry(I386, "i386"), Map.entry(AARCH64, "aarch64"),
            Map.entry(0x40000028L, "arm"), Map.entry(0x28L, "armeb"),
            Map.entry(0xc0000015L, "ppc64le"), Map.entry(0x80000015L, "ppc64"), Map.entry(0x14L, "ppc"),
            Map.entry(0x80000016L, "s390x"), Map.entry(0x16L, "s390"),
            Map.entry(0xc00000f3L, "riscv64"), Map.entry(0x400000f3L, "riscv32"),
            Map.entry(0xc0000102L, "loongarch64"), Map.entry(0x80000008L, "mips64"),
            Map.entry(0xc0000008L, "mips64el"), Map.entry(0x8L, "mips"), Map.entry(0x40000008L, "mipsel"));

    private static final Map<String, String[]> TABLES = Map.of(
            "x86_64", load("x86_64"), "aarch64", load("aarch64"), "i386", load("i386"));

    private AuditArch() { }

    /** {@code x86_64}, {@code aarch64}, ... or {@code unknown(c000abcd)}. */
    public static String name(long arch) {
        String n = NAMES.get(arch);
        return n != null ? n : "unknown(" + Long.toHexString(arch) + ")";
    }

    /** Whether integers in this arch's raw structures (sockaddr family, netlink pid) are little-endian. */
    public static boolean littleEndian(long arch) {
        return (arch & LE) != 0;
    }

    /** Whether a syscall table for this arch ships with Keelwatch. */
    public static boolean hasTable(String archName) {
        return TABLES.containsKey(archName);
    }

    /** The syscall's name, or {@code unknown(N)} when the arch or number is not in a table. */
    public static String syscallName(String archName, int number) {
        String[] t = TABLES.get(archName);
        String n = t != null && number >= 0 && number < t.length ? t[number] : null;
        return n != null ? n : "unknown(" + number + ")";
    }

    /** The syscall number for a name in that arch, or -1. */
    public static int syscallNumber(String archName, String name) {
        String[] t = TABLES.get(archName);
        if (t != null) {
            for (int i = 0; i < t.length; i++) {
                if (name.equals(t[i])) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static String[] load(String arch) {
        String[] table = new String[1024];
        int max = 0;
        try (InputStream in = AuditArch.class.getResourceAsStream("syscalls-" + arch + ".txt");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                int nr = Integer.parseInt(line.substring(0, tab).trim());
                table[nr] = line.substring(tab + 1).trim().intern();
                max = Math.max(max, nr);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return java.util.Arrays.copyOf(table, max + 1);
    }
}
