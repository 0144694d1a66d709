package io.keelwatch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a person watches stderr: progress lines and summaries are for a terminal, not for a log or a pipe. */
final class Terminal {
    private Terminal() {
    }

    /** True when file descriptor 2 is a terminal (Linux: /proc/self/fd/2 points at a tty or pty device). */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return false; // no /proc (not Linux) or no stderr: nobody to show progress to
        }
    }
}
