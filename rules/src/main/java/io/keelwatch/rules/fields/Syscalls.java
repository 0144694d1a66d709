package io.keelwatch.rules.fields;

import io.keelwatch.audit.OpenHow;
import io.keelwatch.audit.PathItem;
import io.keelwatch.audit.SyscallEvent;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What audit syscall events mean in Falco's vocabulary: flags, argument names, the acted-on path. */
public final class Syscalls {
    private Syscalls() { }

    public static final Set<String> OPEN_FAMILY = Set.of("open", "openat", "openat2", "creat", "open_by_handle_at");
    public static final Set<String> EXEC_FAMILY = Set.of("execve", "execveat");

    private static final int O_ACCMODE = 3;

    /** Open flags, or -1 when this event carries none we can read. */
    public static long openFlags(SyscallEvent e) {
        if (e == null) {
            return -1;
        }
        return switch (e.call().name()) {
            case "open" -> e.call().a1();
            case "openat", "open_by_handle_at" -> e.call().a2();
            case "creat" -> 01 | 0100 | 01000;  // O_WRONLY|O_CREAT|O_TRUNC
            case "openat2" -> openat2Flags(e);
            default -> -1;
        };
    }

    /** openat2's flags are in its OPENAT2 record, which the decoder reads ({@code -1} when absent or unreadable). */
    private static long openat2Flags(SyscallEvent e) {
        OpenHow how = e.openHow();
        return how == null ? -1 : how.flags();
    }

    public static boolean isWrite(long flags) {
        return flags >= 0 && ((flags & O_ACCMODE) != 0 || (flags & 01000) != 0);
    }

    public static boolean isRead(long flags) {
        return flags >= 0 && ((flags & O_ACCMODE) == 0 || (flags & O_ACCMODE) == 2);
    }

    private static final String[][] OPEN_FLAG_NAMES = {
        {"0100", "O_CREAT"}, {"0200", "O_EXCL"}, {"0400", "O_NOCTTY"}, {"01000", "O_TRUNC"}, {"02000", "O_APPEND"},
        {"04000", "O_NONBLOCK"}, {"010000", "O_DSYNC"}, {"0200000", "O_DIRECTORY"}, {"0400000", "O_NOFOLLOW"},
        {"02000000", "O_CLOEXEC"}, {"020000000", "O_TMPFILE"},
    };

    /** Falco's rendering of open flags: {@code O_WRONLY|O_CREAT|O_TRUNC}. */
    public static String openFlagNames(long flags) {
        if (flags < 0) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        long acc = flags & O_ACCMODE;
        b.append(acc == 0 ? "O_RDONLY" : acc == 1 ? "O_WRONLY" : "O_RDWR");
        for (String[] f : OPEN_FLAG_NAMES) {
            long bit = Long.parseLong(f[0], 8);
            if ((flags & bit) == bit) {
                b.append('|').append(f[1]);
            }
        }
        return b.toString();
    }

    private static final long[] NS_BITS = {0x00020000L, 0x02000000L, 0x04000000L, 0x08000000L, 0x10000000L,
        0x20000000L, 0x40000000L, 0x00000080L};
    private static final String[] NS_NAMES = {"CLONE_NEWNS", "CLONE_NEWCGROUP", "CLONE_NEWUTS", "CLONE_NEWIPC",
        "CLONE_NEWUSER", "CLONE_NEWPID", "CLONE_NEWNET", "CLONE_NEWTIME"};

    /** Namespace flags of unshare/clone/setns, {@code CLONE_NEWUSER|CLONE_NEWNS}; empty string for none. */
    public static String nsFlagNames(long flags) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < NS_BITS.length; i++) {
            if ((flags & NS_BITS[i]) != 0) {
                if (b.length() > 0) {
                    b.append('|');
                }
                b.append(NS_NAMES[i]);
            }
        }
        return b.toString();
    }

    /** The flags argument Falco calls {@code evt.arg.flags} for this syscall, rendered; {@code null} if none. */
    public static String flagNames(SyscallEvent e) {
        if (e == null) {
            return null;
        }
        return switch (e.call().name()) {
            case "unshare", "clone" -> nsFlagNames(e.call().a0());
            case "setns" -> nsFlagNames(e.call().a1());
            default -> openFlagNames(openFlags(e));
        };
    }

    private static final Map<Long, String> PTRACE = Map.ofEntries(
            Map.entry(0L, "PTRACE_TRACEME"), Map.entry(1L, "PTRACE_PEEKTEXT"), Map.entry(2L, "PTRACE_PEEKDATA"),
            Map.entry(3L, "PTRACE_PEEKUSR"), Map.entry(4L, "PTRACE_POKETEXT"), Map.entry(5L, "PTRACE_POKEDATA"),
            Map.entry(6L, "PTRACE_POKEUSR"), Map.entry(7L, "PTRACE_CONT"), Map.entry(8L, "PTRACE_KILL"),
            Map.entry(9L, "PTRACE_SINGLESTEP"), Map.entry(12L, "PTRACE_GETREGS"), Map.entry(13L, "PTRACE_SETREGS"),
            Map.entry(16L, "PTRACE_ATTACH"), Map.entry(17L, "PTRACE_DETACH"), Map.entry(24L, "PTRACE_SYSCALL"),
            Map.entry(0x4200L, "PTRACE_SETOPTIONS"), Map.entry(0x4201L, "PTRACE_GETEVENTMSG"),
            Map.entry(0x4202L, "PTRACE_GETSIGINFO"), Map.entry(0x4203L, "PTRACE_SETSIGINFO"),
            Map.entry(0x4204L, "PTRACE_GETREGSET"), Map.entry(0x4205L, "PTRACE_SETREGSET"),
            Map.entry(0x4206L, "PTRACE_SEIZE"), Map.entry(0x4207L, "PTRACE_INTERRUPT"),
            Map.entry(0x4208L, "PTRACE_LISTEN"));

    public static String ptraceRequest(long a0) {
        return PTRACE.getOrDefault(a0, "PTRACE_UNKNOWN(" + a0 + ")");
    }

    private static final Map<Long, String> FAMILIES = Map.of(1L, "AF_UNIX", 2L, "AF_INET", 10L, "AF_INET6",
            16L, "AF_NETLINK", 17L, "AF_PACKET");

    public static String socketFamily(long a0) {
        return FAMILIES.getOrDefault(a0, "AF_" + a0);
    }

    public static String socketType(long a1) {
        return switch ((int) (a1 & 0xf)) {
            case 1 -> "SOCK_STREAM";
            case 2 -> "SOCK_DGRAM";
            case 3 -> "SOCK_RAW";
            case 5 -> "SOCK_SEQPACKET";
            case 10 -> "SOCK_PACKET";
            default -> "SOCK_" + (a1 & 0xf);
        };
    }

    /**
     * The PATH item naming the file a syscall acted on: the created name (rename target, new file,
     * link), else the deleted one, else the last normal item. For mount, the target directory
     * (audit lists it first). Unnamed items are never chosen, PARENT items only for a failed call that has
     * nothing else.
     */
    public static PathItem primaryPath(SyscallEvent e) {
        if (e == null || e.paths().isEmpty()) {
            return null;
        }
        List<PathItem> ps = e.paths();
        String sc = e.call().name();
        if (sc.equals("mount") || sc.equals("umount2") || sc.equals("chroot") || sc.equals("pivot_root")) {
            PathItem first = ps.get(0);
            return first.name() != null ? first : null;
        }
        if (EXEC_FAMILY.contains(sc)) {
            return null;
        }
        PathItem created = null;
        PathItem deleted = null;
        PathItem normal = null;
        PathItem parent = null;
        for (PathItem p : ps) {
            if (p.name() == null) {
                continue;
            }
            String t = p.nametype();
            if ("CREATE".equals(t)) {
                created = p;
            } else if ("DELETE".equals(t)) {
                deleted = p;
            } else if ("PARENT".equals(t)) {
                parent = p;
            } else {
                normal = p;
            }
        }
        PathItem chosen = created != null ? created : deleted != null ? deleted : normal;
        // A creation the kernel refused (EROFS, EACCES on the directory) leaves only the directory's PARENT item:
        // the name asked for is not in the record, and the directory is the most the record says about the target.
        return chosen == null && e.call().failed() ? parent : chosen;
    }

    /** The PATH item of the given nametype, the first one; {@code null} if none. */
    public static PathItem pathOfType(SyscallEvent e, String nametype) {
        if (e == null) {
            return null;
        }
        for (PathItem p : e.paths()) {
            if (p.name() != null && nametype.equals(p.nametype())) {
                return p;
            }
        }
        return null;
    }

    static final int S_IFMT = 0170000;

    public static String fileType(int mode) {
        if (mode < 0) {
            return null;
        }
        return switch (mode & S_IFMT) {
            case 0100000 -> "regular";
            case 0040000 -> "directory";
            case 0060000 -> "block";
            case 0020000 -> "char";
            case 0010000 -> "fifo";
            case 0140000 -> "socket";
            case 0120000 -> "symlink";
            default -> null;
        };
    }
}
