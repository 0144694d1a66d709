package io.keelwatch.agent.coverage;

import io.keelwatch.audit.source.AuditRule;
import java.io.IOException;
import java.util.List;

/** The kernel's audit rule list, as the {@link RuleChanger} uses it. Called from one thread only. */
public interface RuleKernel extends AutoCloseable {
    /** Appends a rule to its list; {@code EEXIST} ({@link io.keelwatch.audit.source.NetlinkException}) when loaded. */
    void add(AuditRule rule) throws IOException;

    /** Deletes a rule; {@code ENOENT} when it is not loaded. */
    void delete(AuditRule rule) throws IOException;

    /** The loaded rules, in kernel order. */
    List<AuditRule> list() throws IOException;

    @Override
    void close();
}
