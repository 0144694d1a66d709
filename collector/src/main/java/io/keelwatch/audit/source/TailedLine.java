package io.keelwatch.audit.source;

import io.keelwatch.input.HostInput;

/**
 * A log line and where it was in the file.
 *
 * @param input the line as the journal records it (without its newline)
 * @param start position of the line's first byte
 * @param end   position just after its newline (where the next line starts)
 */
public record TailedLine(HostInput.AuditLine input, LogPosition start, LogPosition end) { }
