package io.keelwatch.agent.coverage;

import io.keelwatch.audit.source.AuditRule;
import io.keelwatch.audit.source.NetlinkException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A kernel rule list in memory with the kernel's answers to duplicates (EEXIST) and absent rules (ENOENT), and
 * failures on demand: for the bookkeeping tests; the real kernel is exercised by {@code Tier2CoverageHostTest}.
 */
final class MemoryRuleKernel implements RuleKernel {
    final List<AuditRule> rules = new ArrayList<>();
    /** errno the next add fails with (0: none), or a RuntimeException to throw. */
    volatile int failAdds;
    volatile RuntimeException explode;
    volatile int calls;

    @Override
    public synchronized void add(AuditRule rule) throws IOException {
        calls++;
        if (explode != null) {
            throw explode;
        }
        if (failAdds != 0) {
            throw new NetlinkException("AUDIT_ADD_RULE", failAdds);
        }
        if (rules.contains(rule)) {
            throw new NetlinkException("AUDIT_ADD_RULE", 17);
        }
        rules.add(rule);
    }

    @Override
    public synchronized void delete(AuditRule rule) throws IOException {
        calls++;
        if (explode != null) {
            throw explode;
        }
        if (!rules.remove(rule)) {
            throw new NetlinkException("AUDIT_DEL_RULE", 2);
        }
    }

    @Override
    public synchronized List<AuditRule> list() {
        return List.copyOf(rules);
    }

    synchronized List<String> keys() {
        return rules.stream().map(AuditRule::key).toList();
    }

    @Override
    public void close() {
    }
}
