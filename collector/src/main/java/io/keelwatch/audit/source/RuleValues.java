package io.keelwatch.audit.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Symbolic values in audit rules: errno names, record type names, file types, file system magics. */
final class RuleValues {
    private static final String[] ERRNO = {null, "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG",
        "ENOEXEC", "EBADF", "ECHILD", "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV",
        "ENODEV", "ENOTDIR", "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC",
        "ESPIPE", "EROFS", "EMLINK", "EPIPE", "EDOM", "ERANGE", "EDEADLK", "ENAMETOOLONG", "ENOLCK", "ENOSYS",
        "ENOTEMPTY", "ELOOP"};
    private static final Map<String, Integer> EXTRA_ERRNO = Map.of(
            "EAFNOSUPPORT", 97, "EADDRINUSE", 98, "EADDRNOTAVAIL", 99, "ENETUNREACH", 101, "ECONNRESET", 104,
            "ENOBUFS", 105, "ETIMEDOUT", 110, "ECONNREFUSED", 111, "EHOSTUNREACH", 113, "EINPROGRESS", 115);

    private static final Map<String, Integer> MSGTYPE = Map.ofEntries(
            Map.entry("SYSCALL", 1300), Map.entry("PATH", 1302), Map.entry("IPC", 1303), Map.entry("SOCKETCALL", 1304),
            Map.entry("CONFIG_CHANGE", 1305), Map.entry("SOCKADDR", 1306), Map.entry("CWD", 1307),
            Map.entry("EXECVE", 1309), Map.entry("EOE", 1320), Map.entry("BPRM_FCAPS", 1321),
            Map.entry("PROCTITLE", 1327), Map.entry("USER", 1005), Map.entry("LOGIN", 1006),
            Map.entry("CWD_OLD", 1307), Map.entry("NETFILTER_CFG", 1325), Map.entry("SECCOMP", 1326),
            Map.entry("KERN_MODULE", 1330), Map.entry("BPF", 1334), Map.entry("ANOM_PROMISCUOUS", 1700),
            Map.entry("ANOM_ABEND", 1701));

    private static final Map<String, Integer> FILETYPE = Map.of(
            "file", 0100000, "dir", 0040000, "socket", 0140000, "link", 0120000, "character", 0020000,
            "block", 0060000, "fifo", 0010000);

    private static final Map<String, Integer> FSTYPE = Map.of("debugfs", 0x64626720, "tracefs", 0x74726163);

    private RuleValues() { }

    static int errno(String name) {
        for (int i = 1; i < ERRNO.length; i++) if (name.equals(ERRNO[i])) return i;
        Integer v = EXTRA_ERRNO.get(name);
        return v == null ? -1 : v;
    }

    static String errnoName(int errno) {
        if (errno > 0 && errno < ERRNO.length) return ERRNO[errno];
        for (Map.Entry<String, Integer> e : EXTRA_ERRNO.entrySet()) if (e.getValue() == errno) return e.getKey();
        return null;
    }

    static int msgtype(String name) {
        Integer v = MSGTYPE.get(name);
        return v == null ? -1 : v;
    }

    static String msgtypeName(int type) {
        for (Map.Entry<String, Integer> e : MSGTYPE.entrySet()) {
            if (e.getValue() == type && !e.getKey().equals("CWD_OLD")) return e.getKey();
        }
        return null;
    }

    static int filetype(String name) {
        Integer v = FILETYPE.get(name);
        return v == null ? -1 : v;
    }

    static int fstype(String name) {
        Integer v = FSTYPE.get(name);
        return v == null ? -1 : v;
    }

    static String fstypeName(int magic) {
        for (Map.Entry<String, Integer> e : FSTYPE.entrySet()) if (e.getValue() == magic) return e.getKey();
        return null;
    }

    /** The id of user or group {@code name} from {@code /etc/passwd} or {@code /etc/group}, or -1. */
    static long account(String name, boolean group) {
        Path db = Path.of(group ? "/etc/group" : "/etc/passwd");
        try {
            List<String> lines = Files.readAllLines(db);
            Map<String, Long> ids = new HashMap<>();
            for (String l : lines) {
                String[] p = l.split(":");
                if (p.length > 2) ids.putIfAbsent(p[0], Long.parseLong(p[2]));
            }
            Long id = ids.get(name);
            return id == null ? -1 : id;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
