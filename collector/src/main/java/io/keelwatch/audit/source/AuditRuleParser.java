package io.keelwatch.audit.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses the auditctl syntax of the rules the agent generates:
 * <pre>
 * -a always,exit -F arch=b64 -S execve,execveat -F key=kw_exec
 * -a never,exit -S all -F pid=1234
 * -a always,exit -F arch=b64 -F dir=/etc -F perm=wa -k kw_host_etc
 * -a always,exit -F arch=b64 -S clone -F a0&amp;0x7C020000 -k kw_ns
 * -w /etc/shadow -p r -k kw_host_secret
 * </pre>
 * Supported: {@code -a}/{@code -A}/{@code -d} with an action and a list in either order, {@code -S}
 * (names of the rule's arch, numbers, {@code all}), {@code -F} with the operators
 * {@code = != < > <= >= & &=} on the fields listed in {@code RuleFields}, {@code -k}, and
 * {@code -w}/{@code -W} with {@code -p} and {@code -k}. An exit rule without {@code -S} applies to all
 * syscalls, as with auditctl. Control lines ({@code -b}, {@code -e}, {@code -D}, ...) are not rules.
 */
public final class AuditRuleParser {

    private AuditRuleParser() { }

    /** Parses one rule line. */
    public static AuditRule parse(String line) throws AuditRuleSyntaxException {
        String[] t = line.trim().split("\\s+");
        AuditRule.Filter filter = null;
        AuditRule.Action action = null;
        int[] mask = new int[AuditRule.BITMASK_WORDS];
        boolean anySyscall = false;
        SyscallTable table = SyscallTable.machine();
        List<AuditRule.Field> fields = new ArrayList<>();
        String watch = null;
        int perm = -1;
        String key = null;
        for (int i = 0; i < t.length; i++) {
            String opt = t[i];
            if (opt.isEmpty()) continue;
            if (i + 1 >= t.length) throw new AuditRuleSyntaxException(line, opt + " needs an argument");
            String arg = t[++i];
            switch (opt) {
                case "-a", "-A", "-d" -> {
                    for (String part : arg.split(",")) {
                        switch (part) {
                            case "always" -> action = AuditRule.Action.ALWAYS;
                            case "never" -> action = AuditRule.Action.NEVER;
                            case "exit" -> filter = AuditRule.Filter.EXIT;
                            case "task" -> filter = AuditRule.Filter.TASK;
                            case "user" -> filter = AuditRule.Filter.USER;
                            case "exclude" -> filter = AuditRule.Filter.EXCLUDE;
                            case "filesystem" -> filter = AuditRule.Filter.FILESYSTEM;
                            case "io_uring" -> filter = AuditRule.Filter.IO_URING;
                            default -> throw new AuditRuleSyntaxException(line, "unknown action or list '" + part + "'");
                        }
                    }
                }
                case "-S" -> {
                    for (String name : arg.split(",")) {
                        if (name.equals("all")) {
                            Arrays.fill(mask, -1);
                        } else {
                            int nr = isNumber(name) ? Integer.parseInt(name) : table == null ? -1 : table.number(name);
                            if (nr < 0 || nr >= AuditRule.BITMASK_WORDS * 32) {
                                throw new AuditRuleSyntaxException(line, "unknown syscall '" + name + "'"
                                        + (table == null ? "" : " for " + table.arch()));
                            }
                            mask[nr >>> 5] |= 1 << (nr & 31);
                        }
                        anySyscall = true;
                    }
                }
                case "-F" -> {
                    AuditRule.Field f = field(line, arg);
                    if (f.id() == RuleFields.ARCH) table = tableOf(f.value());
                    fields.add(f);
                }
                case "-k" -> {
                    key = arg;
                    if (watch == null) fields.add(new AuditRule.Field(RuleFields.FILTERKEY, RuleFields.OP_EQ, 0, arg));
                }
                case "-w", "-W" -> watch = arg;
                case "-p" -> perm = perm(line, arg);
                default -> throw new AuditRuleSyntaxException(line, "unsupported option " + opt);
            }
        }
        if (watch != null) {
            List<AuditRule.Field> w = new ArrayList<>();
            int id = Files.isDirectory(Path.of(watch)) ? RuleFields.DIR : RuleFields.WATCH;
            w.add(new AuditRule.Field(id, RuleFields.OP_EQ, 0, watch));
            if (perm >= 0) w.add(new AuditRule.Field(RuleFields.PERM, RuleFields.OP_EQ, perm, null));
            if (key != null) w.add(new AuditRule.Field(RuleFields.FILTERKEY, RuleFields.OP_EQ, 0, key));
            Arrays.fill(mask, -1);
            return new AuditRule(AuditRule.Filter.EXIT, AuditRule.Action.ALWAYS, mask, w);
        }
        if (filter == null || action == null) throw new AuditRuleSyntaxException(line, "needs -a ACTION,LIST or -w PATH");
        if (filter == AuditRule.Filter.EXIT && !anySyscall) Arrays.fill(mask, -1);
        return new AuditRule(filter, action, mask, fields);
    }

    /** Parses a rules file's text: one rule per line, {@code #} comments and blank lines skipped. */
    public static List<AuditRule> parseAll(String text) throws AuditRuleSyntaxException {
        List<AuditRule> rules = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].trim();
            if (l.isEmpty() || l.startsWith("#")) continue;
            try {
                rules.add(parse(l));
            } catch (AuditRuleSyntaxException e) {
                throw new AuditRuleSyntaxException(l, "line " + (i + 1) + ": " + e.reason());
            }
        }
        return rules;
    }

    private static AuditRule.Field field(String line, String arg) throws AuditRuleSyntaxException {
        int i = 0;
        while (i < arg.length() && RuleFields.op(arg, i) == 0) i++;
        if (i == 0 || i == arg.length()) throw new AuditRuleSyntaxException(line, "-F needs FIELD OP VALUE: " + arg);
        String name = arg.substring(0, i);
        int op = RuleFields.op(arg, i);
        String v = arg.substring(i + RuleFields.opLength(op));
        Integer id = RuleFields.id(name);
        if (id == null) throw new AuditRuleSyntaxException(line, "unsupported field '" + name + "'");
        if (v.isEmpty()) throw new AuditRuleSyntaxException(line, "field " + name + " has no value");
        RuleFields.Kind kind = RuleFields.kind(id);
        if (kind == RuleFields.Kind.STRING) return new AuditRule.Field(id, op, 0, v);
        long value = switch (kind) {
            case ARCH -> arch(line, v);
            case PERM -> perm(line, v);
            case EXIT -> v.startsWith("-E") || v.startsWith("E") ? -errno(line, v.startsWith("-") ? v.substring(1) : v)
                    : number(line, name, v);
            case MSGTYPE -> isNumber(v) ? number(line, name, v) : named(line, name, v, RuleValues.msgtype(v));
            case FILETYPE -> isNumber(v) ? number(line, name, v) : named(line, name, v, RuleValues.filetype(v));
            case FSTYPE -> isNumber(v) ? number(line, name, v) : named(line, name, v, RuleValues.fstype(v));
            case USER, GROUP -> v.equals("unset") ? -1 : isNumber(v) || v.startsWith("-") ? number(line, name, v)
                    : named(line, name, v, RuleValues.account(v, kind == RuleFields.Kind.GROUP));
            default -> number(line, name, v);
        };
        return new AuditRule.Field(id, op, (int) value, null);
    }

    private static long named(String line, String field, String v, long resolved) throws AuditRuleSyntaxException {
        if (resolved < 0) throw new AuditRuleSyntaxException(line, "unknown " + field + " '" + v + "'");
        return resolved;
    }

    private static int errno(String line, String name) throws AuditRuleSyntaxException {
        int e = RuleValues.errno(name);
        if (e < 0) throw new AuditRuleSyntaxException(line, "unknown errno " + name);
        return e;
    }

    private static long arch(String line, String v) throws AuditRuleSyntaxException {
        String machine = SyscallTable.machineArch();
        return switch (v) {
            case "b64" -> machine.equals("aarch64") ? RuleFields.ARCH_AARCH64 : RuleFields.ARCH_X86_64;
            case "b32" -> machine.equals("aarch64") ? RuleFields.ARCH_ARM : RuleFields.ARCH_I386;
            case "x86_64" -> RuleFields.ARCH_X86_64;
            case "i386", "i686" -> RuleFields.ARCH_I386;
            case "aarch64" -> RuleFields.ARCH_AARCH64;
            default -> isNumber(v) ? number(line, "arch", v) : named(line, "arch", v, -1);
        };
    }

    private static SyscallTable tableOf(int arch) {
        return switch (arch) {
            case RuleFields.ARCH_X86_64 -> SyscallTable.of("x86_64");
            case RuleFields.ARCH_I386 -> SyscallTable.of("i386");
            case RuleFields.ARCH_AARCH64 -> SyscallTable.of("aarch64");
            default -> null;
        };
    }

    private static int perm(String line, String v) throws AuditRuleSyntaxException {
        int p = 0;
        for (int i = 0; i < v.length(); i++) {
            p |= switch (v.charAt(i)) {
                case 'r' -> RuleFields.PERM_READ;
                case 'w' -> RuleFields.PERM_WRITE;
                case 'x' -> RuleFields.PERM_EXEC;
                case 'a' -> RuleFields.PERM_ATTR;
                default -> throw new AuditRuleSyntaxException(line, "bad permission '" + v + "' (use r, w, x, a)");
            };
        }
        return p;
    }

    private static boolean isNumber(String v) {
        if (v.isEmpty()) return false;
        int i = v.charAt(0) == '-' ? 1 : 0;
        return i < v.length() && Character.isDigit(v.charAt(i));
    }

    /** A number as C's {@code strtol(v, 0)} reads it: 0x hex, leading 0 octal, else decimal; may be negative. */
    private static long number(String line, String field, String v) throws AuditRuleSyntaxException {
        try {
            boolean neg = v.startsWith("-");
            String s = neg ? v.substring(1) : v;
            long n;
            if (s.startsWith("0x") || s.startsWith("0X")) n = Long.parseLong(s.substring(2), 16);
            else if (s.length() > 1 && s.startsWith("0")) n = Long.parseLong(s.substring(1), 8);
            else n = Long.parseLong(s);
            if (n > 0xffffffffL) throw new NumberFormatException();
            return neg ? -n : n;
        } catch (NumberFormatException e) {
            throw new AuditRuleSyntaxException(line, "bad number for " + field + ": " + v);
        }
    }
}
