package io.keelwatch.audit;

/**
 * The call part of a SYSCALL record.
 *
 * @param arch      architecture name ({@code x86_64}, {@code aarch64}, {@code i386}, ...) from the hex {@code arch=}
 * @param number    the syscall number in that architecture's table
 * @param name      the syscall name ({@code execve}), or {@code unknown(N)} when the table lacks it
 * @param result    success, failure, or unknown when the record has no {@code success=} (task exit)
 * @param exit      the return value; negative is {@code -errno}
 * @param exitName  errno name for a negative exit ({@code EACCES}), else {@code null}
 * @param a0        first argument (unquoted hex in the record)
 * @param a1        second argument
 * @param a2        third argument
 * @param a3        fourth argument
 * @param items     number of PATH records announced
 */
public record Syscall(String arch, int number, String name, Result result, long exit, String exitName,
                      long a0, long a1, long a2, long a3, int items) {

    public enum Result { SUCCESS, FAILURE, UNKNOWN }

    public boolean failed() {
        return result == Result.FAILURE;
    }
}
