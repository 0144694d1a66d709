package io.keelwatch.audit;

/**
 * An OPENAT2 record: the {@code struct open_how} an openat2(2) call passed, which the SYSCALL record's
 * arguments only point to. The kernel prints {@code oflag} and {@code mode} in octal and {@code resolve} in
 * hex; a value that does not read as such is -1.
 *
 * @param flags   the open flags ({@code O_WRONLY|O_CREAT|...}), or -1
 * @param mode    the creation mode, or -1
 * @param resolve the {@code RESOLVE_*} bits, or -1
 */
public record OpenHow(long flags, long mode, long resolve) implements RecordPart {
}
