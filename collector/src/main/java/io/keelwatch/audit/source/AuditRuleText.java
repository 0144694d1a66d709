package io.keelwatch.audit.source;

import java.util.List;

/** Prints a rule the way {@code auditctl -l} does, for the rule subset the agent generates. */
final class AuditRuleText {
    private AuditRuleText() { }

    static String format(AuditRule r, int[] mask) {
        List<AuditRule.Field> fields = r.fields();
        if (watchLike(r)) {
            StringBuilder sb = new StringBuilder("-w ").append(fields.get(0).text());
            for (AuditRule.Field f : fields) {
                if (f.id() == RuleFields.PERM) sb.append(" -p ").append(perm(f.value()));
            }
            String key = r.key();
            if (key != null) sb.append(" -k ").append(key);
            return sb.toString();
        }
        StringBuilder sb = new StringBuilder("-a ").append(r.action().text).append(',').append(r.filter().text);
        boolean syscalls = r.filter() == AuditRule.Filter.EXIT;
        SyscallTable table = SyscallTable.machine();
        for (AuditRule.Field f : fields) {
            if (f.id() == RuleFields.ARCH) {
                table = tableOf(f.value(), table);
                sb.append(" -F arch=").append(arch(f.value()));
                if (syscalls) {
                    appendSyscalls(sb, r, table);
                    syscalls = false;
                }
                continue;
            }
            if (syscalls) {
                appendSyscalls(sb, r, table);
                syscalls = false;
            }
            sb.append(" -F ").append(f.name()).append(RuleFields.opText(f.op())).append(value(f));
        }
        if (syscalls) appendSyscalls(sb, r, table);
        return sb.toString();
    }

    /** auditctl lists an exit rule on all syscalls with only a path or dir, perm and key as a watch. */
    private static boolean watchLike(AuditRule r) {
        List<AuditRule.Field> fields = r.fields();
        if (r.filter() != AuditRule.Filter.EXIT || r.action() != AuditRule.Action.ALWAYS || !r.allSyscalls()
                || fields.isEmpty()) {
            return false;
        }
        int first = fields.get(0).id();
        if (first != RuleFields.WATCH && first != RuleFields.DIR) return false;
        for (int i = 1; i < fields.size(); i++) {
            int id = fields.get(i).id();
            if (id != RuleFields.PERM && id != RuleFields.FILTERKEY) return false;
        }
        return true;
    }

    private static void appendSyscalls(StringBuilder sb, AuditRule r, SyscallTable table) {
        if (r.allSyscalls()) {
            sb.append(" -S all");
            return;
        }
        boolean first = true;
        for (int nr = 0; nr < AuditRule.BITMASK_WORDS * 32; nr++) {
            if (!r.hasSyscall(nr)) continue;
            sb.append(first ? " -S " : ",").append(table == null ? Integer.toString(nr) : table.name(nr));
            first = false;
        }
    }

    private static SyscallTable tableOf(int arch, SyscallTable fallback) {
        return switch (arch) {
            case RuleFields.ARCH_X86_64 -> SyscallTable.of("x86_64");
            case RuleFields.ARCH_I386 -> SyscallTable.of("i386");
            case RuleFields.ARCH_AARCH64 -> SyscallTable.of("aarch64");
            default -> fallback;
        };
    }

    static String arch(int arch) {
        return switch (arch) {
            case RuleFields.ARCH_X86_64, RuleFields.ARCH_AARCH64 -> "b64";
            case RuleFields.ARCH_I386, RuleFields.ARCH_ARM -> "b32";
            default -> "0x" + Integer.toHexString(arch).toUpperCase();
        };
    }

    static String perm(int bits) {
        StringBuilder sb = new StringBuilder(4);
        if ((bits & RuleFields.PERM_READ) != 0) sb.append('r');
        if ((bits & RuleFields.PERM_WRITE) != 0) sb.append('w');
        if ((bits & RuleFields.PERM_EXEC) != 0) sb.append('x');
        if ((bits & RuleFields.PERM_ATTR) != 0) sb.append('a');
        return sb.toString();
    }

    private static String value(AuditRule.Field f) {
        if (f.text() != null) return f.text();
        int v = f.value();
        return switch (RuleFields.kind(f.id())) {
            case ARCH -> arch(v);
            case PERM -> perm(v);
            case EXIT -> {
                String n = v < 0 ? RuleValues.errnoName(-v) : null;
                yield n != null ? "-" + n : Integer.toString(v);
            }
            case ARG -> "0x" + Integer.toHexString(v).toUpperCase();
            case USER, GROUP, SIGNED -> Integer.toString(v);
            case MSGTYPE -> {
                String n = RuleValues.msgtypeName(v);
                yield n != null ? n : Integer.toString(v);
            }
            case FSTYPE -> {
                String n = RuleValues.fstypeName(v);
                yield n != null ? n : Integer.toUnsignedString(v);
            }
            default -> Integer.toUnsignedString(v);
        };
    }
}
