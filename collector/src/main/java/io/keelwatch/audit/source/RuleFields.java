package io.keelwatch.audit.source;

import java.util.HashMap;
import java.util.Map;

/**
 * Names, kernel ids and value kinds of the audit rule fields and operators ({@code linux/audit.h}),
 * for the subset of rules the agent generates.
 */
final class RuleFields {
    static final int PID = 0, UID = 1, EUID = 2, SUID = 3, FSUID = 4, GID = 5, EGID = 6, SGID = 7, FSGID = 8,
            LOGINUID = 9, PERS = 10, ARCH = 11, MSGTYPE = 12, PPID = 18, LOGINUID_SET = 24, SESSIONID = 25,
            FSTYPE = 26, DEVMAJOR = 100, DEVMINOR = 101, INODE = 102, EXIT = 103, SUCCESS = 104, WATCH = 105,
            PERM = 106, DIR = 107, FILETYPE = 108, OBJ_UID = 109, OBJ_GID = 110, EXE = 112, SADDR_FAM = 113,
            ARG0 = 200, ARG1 = 201, ARG2 = 202, ARG3 = 203, FILTERKEY = 210;

    static final int OP_BIT_MASK = 0x08000000, OP_LT = 0x10000000, OP_GT = 0x20000000, OP_NE = 0x30000000,
            OP_EQ = 0x40000000, OP_BIT_TEST = 0x48000000, OP_LE = 0x50000000, OP_GE = 0x60000000;

    static final int ARCH_X86_64 = 0xC000003E, ARCH_I386 = 0x40000003, ARCH_AARCH64 = 0xC00000B7,
            ARCH_ARM = 0x40000028;

    static final int PERM_EXEC = 1, PERM_WRITE = 2, PERM_READ = 4, PERM_ATTR = 8;

    enum Kind { NUMBER, SIGNED, STRING, ARCH, PERM, EXIT, MSGTYPE, FILETYPE, FSTYPE, ARG, USER, GROUP }

    private static final Map<String, Integer> BY_NAME = new HashMap<>();
    private static final Map<Integer, String> NAMES = new HashMap<>();
    private static final Map<Integer, Kind> KINDS = new HashMap<>();

    private static void def(String name, int id, Kind kind) {
        BY_NAME.put(name, id);
        NAMES.putIfAbsent(id, name);
        KINDS.put(id, kind);
    }

    static {
        def("pid", PID, Kind.NUMBER);
        def("uid", UID, Kind.USER);
        def("euid", EUID, Kind.USER);
        def("suid", SUID, Kind.USER);
        def("fsuid", FSUID, Kind.USER);
        def("gid", GID, Kind.GROUP);
        def("egid", EGID, Kind.GROUP);
        def("sgid", SGID, Kind.GROUP);
        def("fsgid", FSGID, Kind.GROUP);
        def("auid", LOGINUID, Kind.USER);
        def("loginuid", LOGINUID, Kind.USER);
        def("pers", PERS, Kind.NUMBER);
        def("arch", ARCH, Kind.ARCH);
        def("msgtype", MSGTYPE, Kind.MSGTYPE);
        def("ppid", PPID, Kind.NUMBER);
        def("loginuid_set", LOGINUID_SET, Kind.NUMBER);
        def("sessionid", SESSIONID, Kind.SIGNED);
        def("fstype", FSTYPE, Kind.FSTYPE);
        def("devmajor", DEVMAJOR, Kind.NUMBER);
        def("devminor", DEVMINOR, Kind.NUMBER);
        def("inode", INODE, Kind.NUMBER);
        def("exit", EXIT, Kind.EXIT);
        def("success", SUCCESS, Kind.NUMBER);
        def("path", WATCH, Kind.STRING);
        def("perm", PERM, Kind.PERM);
        def("dir", DIR, Kind.STRING);
        def("filetype", FILETYPE, Kind.FILETYPE);
        def("obj_uid", OBJ_UID, Kind.USER);
        def("obj_gid", OBJ_GID, Kind.GROUP);
        def("exe", EXE, Kind.STRING);
        def("saddr_fam", SADDR_FAM, Kind.NUMBER);
        def("a0", ARG0, Kind.ARG);
        def("a1", ARG1, Kind.ARG);
        def("a2", ARG2, Kind.ARG);
        def("a3", ARG3, Kind.ARG);
        def("key", FILTERKEY, Kind.STRING);
    }

    private RuleFields() { }

    static Integer id(String name) {
        return BY_NAME.get(name);
    }

    static String name(int id) {
        String n = NAMES.get(id);
        return n != null ? n : "field" + id;
    }

    static Kind kind(int id) {
        Kind k = KINDS.get(id);
        return k != null ? k : Kind.NUMBER;
    }

    static boolean isString(int id) {
        return kind(id) == Kind.STRING;
    }

    /** Operator text to kernel flag; the longest match at {@code s[i..]}, or 0. */
    static int op(String s, int i) {
        char c = s.charAt(i);
        char d = i + 1 < s.length() ? s.charAt(i + 1) : 0;
        return switch (c) {
            case '=' -> OP_EQ;
            case '!' -> d == '=' ? OP_NE : 0;
            case '<' -> d == '=' ? OP_LE : OP_LT;
            case '>' -> d == '=' ? OP_GE : OP_GT;
            case '&' -> d == '=' ? OP_BIT_TEST : OP_BIT_MASK;
            default -> 0;
        };
    }

    static String opText(int op) {
        return switch (op) {
            case OP_EQ -> "=";
            case OP_NE -> "!=";
            case OP_LT -> "<";
            case OP_LE -> "<=";
            case OP_GT -> ">";
            case OP_GE -> ">=";
            case OP_BIT_MASK -> "&";
            case OP_BIT_TEST -> "&=";
            default -> "?" + Integer.toHexString(op) + "?";
        };
    }

    static int opLength(int op) {
        return op == OP_EQ || op == OP_LT || op == OP_GT || op == OP_BIT_MASK ? 1 : 2;
    }
}
