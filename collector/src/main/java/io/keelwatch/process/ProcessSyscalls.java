package io.keelwatch.process;

import io.keelwatch.audit.SockAddr;
import io.keelwatch.audit.Syscall;
import io.keelwatch.audit.SyscallEvent;

/** What a syscall means for the process table: a new image, a new process, an end, a connection. */
public final class ProcessSyscalls {
    private static final long CLONE_THREAD = 0x10000L;
    private static final long EINPROGRESS = -115;

    private ProcessSyscalls() { }

    public static boolean isExec(String name) {
        return name.equals("execve") || name.equals("execveat");
    }

    static boolean isExit(String name) {
        return name.equals("exit_group") || name.equals("exit");
    }

    static boolean isClone(Syscall call) {
        return switch (call.name()) {
            case "fork", "vfork", "clone3" -> true;
            // x86-64, arm64 and the others put clone's flags in the first argument.
            case "clone" -> (call.a0() & CLONE_THREAD) == 0;
            default -> false;
        };
    }

    /**
     * The {@code ip:port} of an inet connect that reached or is reaching its peer, else {@code null}: a
     * refused connect leaves no socket an exec'd program could use.
     */
    static String connectedPeer(SyscallEvent event) {
        Syscall call = event.call();
        if (call.name().equals("connect") && event.sockaddr() instanceof SockAddr.Inet in
                && (call.result() == Syscall.Result.SUCCESS || call.exit() == EINPROGRESS)) {
            return in.ip() + ":" + in.port();
        }
        return null;
    }
}
