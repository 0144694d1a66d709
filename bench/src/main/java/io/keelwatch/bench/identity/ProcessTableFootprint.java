package io.keelwatch.bench.identity;

import io.keelwatch.host.HostLookup;
import io.keelwatch.process.ProcessTable;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Retained heap of the process table per 100 k processes: heap used after full GCs with the table
 * filled, minus heap used with it empty. Processes look like a container host's: exe from a pool of
 * 64 binaries, 4 arguments of which one is unique, cwd, a container id from 100.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.keelwatch.bench.identity.ProcessTableFootprint [N]}
 */
public final class ProcessTableFootprint {
    private ProcessTableFootprint() {
    }

    public static void main(String[] args) throws InterruptedException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long before = usedAfterGc();
        ProcessTable table = new ProcessTable(HostLookup.none(), n + 1024);
        String[] exes = new String[64];
        for (int i = 0; i < exes.length; i++) {
            exes[i] = "/usr/bin/tool" + i;
        }
        long serial = 0;
        // Parents first (one per container, a shim-child init), then n - 100 children spread over them.
        for (int c = 0; c < 100; c++) {
            String id = String.format("%064x", c + 1);
            table.observe(SyntheticEvents.event(++serial, 1_795_529_066_000L, 2 + c, 1, "execve", 0,
                    "/usr/bin/containerd-shim-runc-v2", "containerd-shim",
                    List.of("/usr/bin/containerd-shim-runc-v2", "-namespace", "moby", "-id", id)));
        }
        for (int i = 100; i < n; i++) {
            int pid = 1000 + i;
            String exe = exes[i % exes.length];
            table.observe(SyntheticEvents.event(++serial, 1_795_529_066_000L + i, pid, 2 + i % 100, "execve", 0, exe,
                    exe.substring(9), List.of(exe.substring(9), "--config", "/etc/app.conf", "--id=" + i)));
        }
        long after = usedAfterGc();
        System.out.printf("process table: %d processes retained, %,d bytes retained, %,.0f bytes per process, "
                        + "%,.1f MiB per 100k%n", table.size(), after - before, (after - before) / (double) table.size(),
                (after - before) * 100_000.0 / table.size() / (1024 * 1024));
        if (table.size() < 0) {
            System.out.println(table);
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
