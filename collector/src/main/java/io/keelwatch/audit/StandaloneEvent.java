package io.keelwatch.audit;

import java.util.List;

/** An event without a SYSCALL record: USER_*, DAEMON_*, CONFIG_CHANGE alone, KERNEL, ANOM_* alone. */
public record StandaloneEvent(EventId id, List<AuditRecord> records) implements AuditEvent {
    public StandaloneEvent {
        records = List.copyOf(records);
    }
}
