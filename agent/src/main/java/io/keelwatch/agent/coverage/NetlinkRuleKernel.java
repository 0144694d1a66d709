package io.keelwatch.agent.coverage;

import io.keelwatch.audit.source.AuditControl;
import io.keelwatch.audit.source.AuditRule;
import java.io.IOException;
import java.util.List;

/**
 * {@link RuleKernel} over a netlink control socket of its own. It never registers as the audit daemon, so it
 * works beside auditd or beside the agent's own unicast source alike; it needs CAP_AUDIT_CONTROL.
 */
public final class NetlinkRuleKernel implements RuleKernel {
    private AuditControl control;

    private AuditControl control() throws IOException {
        if (control == null) {
            control = AuditControl.open();
        }
        return control;
    }

    @Override
    public void add(AuditRule rule) throws IOException {
        control().addRule(rule);
    }

    @Override
    public void delete(AuditRule rule) throws IOException {
        control().deleteRule(rule);
    }

    @Override
    public List<AuditRule> list() throws IOException {
        return control().listRules();
    }

    @Override
    public void close() {
        if (control != null) {
            control.close();
            control = null;
        }
    }
}
