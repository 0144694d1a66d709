package io.keelwatch.process;

import java.util.List;

/**
 * What a process is to the container runtime, read from its image. Offline, with audit records
 * only, these roles carry container identity: a {@code runc} invocation and a
 * {@code containerd-shim} name the container in their arguments, and {@code runc init} (which
 * becomes the container's process) runs under them.
 */
enum RuntimeRole {
    /** Anything else. */
    OTHER,
    /** {@code runc [global options] create|run|start|kill|delete|... ID}: a host process acting on container ID. */
    RUNC_CLI,
    /**
     * {@code runc [global options] exec ... ID}: a host process whose non-runc children are the exec'd
     * process in container ID (runc's last init stage joins the container and is cloned with
     * {@code CLONE_PARENT}, so it shows up as this process's child; exec runs no hooks).
     */
    RUNC_EXEC,
    /** {@code runc init} and its clones {@code runc:[0:PARENT]}, {@code runc:[1:CHILD]}, {@code runc:[2:INIT]}. */
    RUNC_INIT,
    /** {@code containerd-shim*} with {@code -id ID}: the host-side keeper of container ID. */
    SHIM;

    private static final String RUNC_COMM_PREFIX = "runc:[";

    static RuntimeRole of(String exe, String comm, List<String> argv) {
        if (comm != null && comm.startsWith(RUNC_COMM_PREFIX)) {
            return RUNC_INIT;
        }
        String arg0 = argv.isEmpty() ? "" : basename(argv.get(0));
        String exeName = basename(exe);
        if (arg0.startsWith("containerd-shim") || exeName.startsWith("containerd-shim")) {
            return SHIM;
        }
        if (arg0.equals("runc") || exeName.equals("runc")) {
            if (argv.size() >= 2 && argv.get(1).equals("init")) {
                return RUNC_INIT;
            }
            return "exec".equals(subcommand(argv)) ? RUNC_EXEC : RUNC_CLI;
        }
        return OTHER;
    }

    /** The container a runc invocation or shim acts on, or null. */
    static String target(RuntimeRole role, List<String> argv) {
        if (role == SHIM) {
            for (int i = 0; i + 1 < argv.size(); i++) {
                if (argv.get(i).equals("-id") || argv.get(i).equals("--id")) {
                    return argv.get(i + 1);
                }
            }
            return null;
        }
        if ((role == RUNC_CLI || role == RUNC_EXEC) && argv.size() >= 3) {
            // runc takes the container id as the last argument of every subcommand that names one.
            String last = argv.get(argv.size() - 1);
            return last.startsWith("-") ? null : last;
        }
        return null;
    }

    /** Whether this role acts on a container named in its arguments. */
    boolean namesContainer() {
        return this == RUNC_CLI || this == RUNC_EXEC || this == SHIM;
    }

    /** runc's first argument that is neither a global option nor the value of one. */
    private static String subcommand(List<String> argv) {
        for (int i = 1; i < argv.size(); i++) {
            String a = argv.get(i);
            if (!a.startsWith("-")) {
                return a;
            }
            if (a.indexOf('=') < 0 && GLOBAL_OPTIONS_WITH_VALUE.contains(a)) {
                i++;
            }
        }
        return null;
    }

    private static final java.util.Set<String> GLOBAL_OPTIONS_WITH_VALUE = java.util.Set.of("--root", "--log",
            "--log-format", "--criu", "--rootless");

    private static String basename(String path) {
        if (path == null) {
            return "";
        }
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
