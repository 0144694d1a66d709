package io.keelwatch.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the scenarios need to know about this host and this run.
 *
 * @param prefix        container name prefix, unique per mode, so alerts are attributed to the right run
 * @param network       the internal bridge lateral scenarios use (no route off the host)
 * @param subnetPrefix  the first three octets of that bridge's subnet with a trailing dot, for the sweep
 * @param hostPid       pid of a host process the nsenter scenario enters (the suite's own child)
 * @param rootDevice    the block device the host's / is on
 * @param runcPath      the host's runc binary (bind-mounted read-only into the runc-overwrite scenario)
 * @param staleAge      the container age threshold in the agent's test config
 * @param workDir       scratch space (build contexts)
 */
public record ScenarioContext(String prefix, String image, String network, String subnetPrefix, long hostPid,
                              String rootDevice, String runcPath, Duration staleAge, Path workDir) {

    static String hostRootDevice() {
        return Cmd.run("findmnt", "-no", "SOURCE", "/").requireSuccess().trimmed();
    }

    static String hostRuncPath() {
        for (String p : new String[] {"/usr/sbin/runc", "/usr/bin/runc", "/usr/local/bin/runc", "/usr/local/sbin/runc"}) {
            if (Files.isRegularFile(Path.of(p))) {
                return p;
            }
        }
        throw new IllegalStateException("no runc binary found on this host");
    }

    /** "172.18.0.0/16" -> "172.18.0." */
    static String subnetPrefix(String cidr) {
        String ip = cidr.substring(0, cidr.indexOf('/'));
        return ip.substring(0, ip.lastIndexOf('.') + 1);
    }
}
