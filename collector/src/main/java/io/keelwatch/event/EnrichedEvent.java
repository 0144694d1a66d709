package io.keelwatch.event;

import io.keelwatch.audit.SyscallEvent;
import io.keelwatch.container.ContainerInfo;
import io.keelwatch.process.ProcessContext;

/**
 * A syscall event tied to its process and container: what the rule engine evaluates.
 *
 * @param audit     the decoded audit event
 * @param process   the calling process and its ancestry
 * @param container the container the process runs in, or {@code null} for a host process
 */
public record EnrichedEvent(SyscallEvent audit, ProcessContext process, ContainerInfo container) {
}
