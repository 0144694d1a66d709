package io.keelwatch.audit.source;

import io.keelwatch.audit.AuditArch;

/**
 * Syscall names and numbers of one architecture, for audit rules ({@code -S name}): a view of the
 * tables {@link AuditArch} keeps for decoding, so rules and events share one numbering.
 */
final class SyscallTable {
    private final String arch;

    private SyscallTable(String arch) {
        this.arch = arch;
    }

    /** The table for {@code x86_64}, {@code i386} or {@code aarch64}; {@code null} for others. */
    static SyscallTable of(String arch) {
        return AuditArch.hasTable(arch) ? new SyscallTable(arch) : null;
    }

    /** The table of the machine this runs on. */
    static SyscallTable machine() {
        return of(machineArch());
    }

    static String machineArch() {
        String a = System.getProperty("os.arch");
        return a.equals("amd64") || a.equals("x86_64") ? "x86_64" : a.equals("aarch64") ? "aarch64" : a;
    }

    String arch() {
        return arch;
    }

    /** The number of {@code name}, or -1. */
    int number(String name) {
        return AuditArch.syscallNumber(arch, name);
    }

    /** The name of {@code nr}, or its decimal form (as auditctl accepts it back). */
    String name(int nr) {
        String n = AuditArch.syscallName(arch, nr);
        return n.startsWith("unknown(") ? Integer.toString(nr) : n;
    }
}
