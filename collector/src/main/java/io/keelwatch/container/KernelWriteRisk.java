package io.keelwatch.container;

import java.util.Optional;

/**
 * Whether a container can write kernel knobs (procfs sysctls, {@code /proc/sysrq-trigger}) or cgroup
 * files ({@code release_agent}, {@code notify_on_release}): the writes only the tier-2 audit rules see,
 * because they go through the container's own procfs/cgroupfs mounts, which no host path watch covers.
 *
 * <p>Judged from the runtime's configuration alone (runtime-neutral {@link ContainerInfo}), so the answer
 * is there at {@code create}, before the container's first process runs. A container known only by its
 * id (no inspect document) is not judged risky: there is no evidence either way, and loading the costly
 * rules for every unknown cgroup would load them all the time on a host without a runtime socket.
 */
public final class KernelWriteRisk {
    private KernelWriteRisk() { }

    /** Why this container can write kernel knobs or cgroup files, or empty when it cannot. */
    public static Optional<String> of(ContainerInfo c) {
        if (c.privileged()) {
            return Optional.of("privileged");
        }
        if (hasSysAdmin(c)) {
            // mount(2) of a fresh procfs or cgroupfs (the release_agent escape) needs only CAP_SYS_ADMIN
            return Optional.of("CAP_SYS_ADMIN");
        }
        if (!c.imageId().isEmpty() && !(c.readonlyPaths().contains("/proc/sys")
                && c.readonlyPaths().contains("/proc/sysrq-trigger"))) {
            // the runtime's read-only /proc/sys is the only thing between a root process and the host's sysctls
            // (docker inspect shows empty MaskedPaths/ReadonlyPaths for systempaths=unconfined)
            return Optional.of("systempaths=unconfined");
        }
        for (Mount m : c.mounts()) {
            if (m.readWrite() && exposesKernelFiles(m.source())) {
                return Optional.of("writable bind of " + m.source() + " at " + m.destination());
            }
        }
        return Optional.empty();
    }

    /** {@link #of} as a yes/no. */
    public static boolean risky(ContainerInfo c) {
        return of(c).isPresent();
    }

    /**
     * Docker applies {@code --cap-add ALL} first and the drops after it, but an explicitly added
     * capability survives {@code --cap-drop ALL}.
     */
    private static boolean hasSysAdmin(ContainerInfo c) {
        if (c.capAdd().contains("SYS_ADMIN")) {
            return true;
        }
        return c.capAdd().contains("ALL") && !c.capDrop().contains("SYS_ADMIN") && !c.capDrop().contains("ALL");
    }

    /**
     * A host path whose bind reaches procfs, sysfs or a cgroupfs: {@code /proc}, {@code /sys} (cgroupfs lives
     * below it) or anything under them, and {@code /} itself, because Docker binds are recursive.
     */
    private static boolean exposesKernelFiles(String source) {
        return source.equals("/") || under(source, "/proc") || under(source, "/sys");
    }

    private static boolean under(String path, String dir) {
        return path.equals(dir) || path.startsWith(dir + "/");
    }
}
