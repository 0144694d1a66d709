package io.keelwatch.audit;

import java.util.List;

/**
 * One reassembled audit event: every record that shares an {@link EventId}. A syscall event has a
 * SYSCALL record and is decoded into typed parts; anything else (user-space messages, daemon
 * records, standalone kernel records) stays a list of records.
 */
public sealed interface AuditEvent permits SyscallEvent, StandaloneEvent {

    EventId id();

    /** The records in arrival order, SYSCALL not necessarily first. */
    List<AuditRecord> records();
}
