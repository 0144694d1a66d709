package io.keelwatch.agent.daemon;

import io.keelwatch.agent.config.AgentConfig;
import io.keelwatch.agent.pipeline.CompiledRules;
import io.keelwatch.audit.source.AuditRule;
import io.keelwatch.audit.source.AuditSourceSelector;
import java.io.IOException;
import java.util.List;

/**
 * What a start with a config would do to kernel audit, worked out without doing it (for {@code run --dry-run}): the
 * source it would pick and why, and the audit rules it would load. Only the unicast netlink source (the agent as the
 * audit daemon) loads rules; with auditd's log or the multicast group the kernel's rules stay as they are.
 *
 * @param source the source, e.g. {@code netlink-multicast}, or {@code none}
 * @param reason why that source (the selector's reason, or the config's choice)
 * @param rules  the audit rules a start would load, in order; empty when it loads none
 */
public record AuditPlan(String source, String reason, List<AuditRule> rules) {

    public AuditPlan {
        rules = List.copyOf(rules);
    }

    /**
     * Reads the kernel's audit status and /proc (both read-only) to decide as a start would, for the rules the
     * caller compiled already.
     */
    public static AuditPlan of(AgentConfig cfg, CompiledRules compiled) throws IOException {
        if (cfg.audit().source() == AgentConfig.AuditSource.NONE) {
            return new AuditPlan("none", "audit.source: none", List.of());
        }
        AuditSourceSelector.Choice choice = AuditSourceSelector.decide(LiveParts.mode(cfg.audit().source()));
        if (choice.mode() != AuditSourceSelector.Mode.NETLINK_UNICAST) {
            return new AuditPlan(choice.mode().text(), choice.reason(), List.of());
        }
        List<AuditRule> rules = cfg.audit().loadRules() ? LiveParts.auditRules(cfg, compiled.rules())
                : cfg.audit().excludeSelf() ? List.of(LiveParts.selfExclusion()) : List.of();
        return new AuditPlan(choice.mode().text(), choice.reason(), rules);
    }
}
