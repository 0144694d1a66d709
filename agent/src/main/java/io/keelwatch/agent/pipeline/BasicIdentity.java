package io.keelwatch.agent.pipeline;

import io.keelwatch.audit.SyscallEvent;
import io.keelwatch.audit.Task;
import io.keelwatch.container.ContainerState;
import io.keelwatch.event.EnrichedEvent;
import io.keelwatch.input.HostInput;
import io.keelwatch.process.ProcessContext;
import io.keelwatch.process.ProcessInfo;
import java.util.List;

/**
 * Identity from the event alone: the process as its SYSCALL record describes it, no ancestry, no
 * container. Used where no container runtime is wired (tests, benchmarks, hosts without Docker).
 */
public final class BasicIdentity implements IdentityStage {

    @Override
    public EnrichedEvent enrich(SyscallEvent e) {
        Task t = e.task();
        List<String> argv = e.argv().isEmpty() ? e.proctitle() : e.argv();
        String exe = t.exe() == null ? "" : t.exe();
        ProcessInfo self = new ProcessInfo(t.pid(), e.id().timestampMs(), t.ppid(), exe,
                t.comm() == null ? "" : t.comm(), argv, e.cwd(), t.uid(), null);
        return new EnrichedEvent(e, new ProcessContext(self, List.of()), null);
    }

    @Override
    public void dockerEvent(HostInput.DockerEvent event) { }

    @Override
    public void runtimeEvent(HostInput.RuntimeEvent event) { }

    @Override
    public void lookupAnswer(HostInput.Lookup answer) { }

    @Override
    public List<ContainerState> inventory() {
        return List.of();
    }

    @Override
    public int processTableSize() {
        return 0;
    }

    @Override
    public int containerCacheSize() {
        return 0;
    }
}
