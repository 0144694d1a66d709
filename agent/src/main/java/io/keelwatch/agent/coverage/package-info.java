/**
 * Audit coverage that follows the risk: the tier-2 audit rules (write-intent opens) are in the kernel while a
 * container that can write kernel knobs or cgroup files exists, and only then. {@link
 * io.keelwatch.agent.coverage.RiskTracker} keeps the books on the pipeline thread; {@link
 * io.keelwatch.agent.coverage.RuleChanger} makes the kernel calls on its own thread and journals each change.
 */
package io.keelwatch.agent.coverage;
