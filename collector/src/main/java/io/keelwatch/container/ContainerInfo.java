package io.keelwatch.container;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the rules need to know of one container, taken once from the runtime (docker inspect) and
 * immutable afterwards; a rename or restart produces a new value. Runtime-neutral: rules see this,
 * never a Docker type.
 *
 * @param id             full 64-hex container id
 * @param name           name without the leading slash
 * @param image          image reference as the container was created with ({@code local/busybox:1})
 * @param imageId        {@code sha256:...} of the image the container runs
 * @param imageCreated   when that image was built, or {@code null} when unknown
 * @param created        container creation time
 * @param started        last start time, or {@code null}
 * @param privileged     {@code --privileged}
 * @param capAdd         capabilities added, upper case without {@code CAP_} ({@code SYS_ADMIN}, or {@code ALL})
 * @param capDrop        capabilities dropped, same form
 * @param seccompProfile {@code unconfined}, a profile name, or empty for the default
 * @param apparmorProfile the AppArmor profile, or empty
 * @param pidMode        {@code host} when sharing the host's pid namespace, else empty or a container ref
 * @param networkMode    {@code host}, {@code bridge}, {@code none}, {@code container:ID}, ...
 * @param ipcMode        ipc namespace mode
 * @param usernsMode     {@code host} or empty
 * @param mounts         mounts in the order the runtime lists them
 * @param devices        host device paths passed in
 * @param user           the configured user, or empty for root
 * @param labels         container labels (Kubernetes sets {@code io.kubernetes.*})
 * @param initPid        host pid of the container's init process, or 0 when not running
 * @param maskedPaths    paths the runtime masks inside the container ({@code /proc/kcore}, ...); empty with
 *                       {@code systempaths=unconfined} or {@code --privileged}
 * @param readonlyPaths  paths the runtime mounts read-only ({@code /proc/sys}, ...); empty likewise
 * @param upperDir       host path of the container's writable overlay layer, or empty when unknown
 * @param lowerDirs      host paths of the read-only layers below it (the image's, topmost first), or empty when
 *                       unknown
 * @param runtime        which runtime told us of it: {@link #DOCKER}, {@link #CONTAINERD}, {@link #CRI_O}, or
 *                       empty when only a cgroup named it
 * @param podLabels      the labels of the Kubernetes pod it belongs to (from the pod sandbox), or empty
 */
public record ContainerInfo(
        String id,
        String name,
        String image,
        String imageId,
        Instant imageCreated,
        Instant created,
        Instant started,
        boolean privileged,
        List<String> capAdd,
        List<String> capDrop,
        String seccompProfile,
        String apparmorProfile,
        String pidMode,
        String networkMode,
        String ipcMode,
        String usernsMode,
        List<Mount> mounts,
        List<String> devices,
        String user,
        Map<String, String> labels,
        int initPid,
        List<String> maskedPaths,
        List<String> readonlyPaths,
        String upperDir,
        List<String> lowerDirs,
        String runtime,
        Map<String, String> podLabels) {

    public static final String K8S_POD_NAME = "io.kubernetes.pod.name";
    public static final String K8S_POD_NAMESPACE = "io.kubernetes.pod.namespace";
    public static final String K8S_CONTAINER_NAME = "io.kubernetes.container.name";
    public static final String K8S_POD_UID = "io.kubernetes.pod.uid";

    /** {@link #runtime()} of a container Docker's API described. */
    public static final String DOCKER = "docker";
    /** {@link #runtime()} of a container containerd described (its own API or its CRI service). */
    public static final String CONTAINERD = "containerd";
    /** {@link #runtime()} of a container CRI-O described. */
    public static final String CRI_O = "cri-o";

    public ContainerInfo {
        capAdd = List.copyOf(capAdd);
        capDrop = List.copyOf(capDrop);
        mounts = List.copyOf(mounts);
        devices = List.copyOf(devices);
        labels = Map.copyOf(labels);
        maskedPaths = List.copyOf(maskedPaths);
        readonlyPaths = List.copyOf(readonlyPaths);
        upperDir = upperDir == null ? "" : upperDir;
        lowerDirs = lowerDirs == null ? List.of() : List.copyOf(lowerDirs);
        runtime = runtime == null ? "" : runtime;
        podLabels = podLabels == null ? Map.of() : Map.copyOf(podLabels);
    }

    /** A container as Docker's inspect describes it (no pod labels: Docker has no pods). */
    public ContainerInfo(String id, String name, String image, String imageId, Instant imageCreated, Instant created,
                         Instant started, boolean privileged, List<String> capAdd, List<String> capDrop,
                         String seccompProfile, String apparmorProfile, String pidMode, String networkMode,
                         String ipcMode, String usernsMode, List<Mount> mounts, List<String> devices, String user,
                         Map<String, String> labels, int initPid, List<String> maskedPaths,
                         List<String> readonlyPaths, String upperDir) {
        this(id, name, image, imageId, imageCreated, created, started, privileged, capAdd, capDrop, seccompProfile,
                apparmorProfile, pidMode, networkMode, ipcMode, usernsMode, mounts, devices, user, labels, initPid,
                maskedPaths, readonlyPaths, upperDir, List.of(), DOCKER, Map.of());
    }

    /** A container known only by the id its cgroup names (no runtime metadata). */
    public static ContainerInfo idOnly(String id) {
        return new ContainerInfo(id, "", "", "", null, null, null, false, List.of(), List.of(), "", "",
                "", "", "", "", List.of(), List.of(), "", Map.of(), 0, List.of(), List.of(), "", List.of(), "", Map.of());
    }

    /** A container known from a runtime event only: its id, name and image reference. */
    public static ContainerInfo named(String id, String name, String image) {
        return new ContainerInfo(id, name, image, "", null, null, null, false, List.of(), List.of(), "", "",
                "", "", "", "", List.of(), List.of(), "", Map.of(), 0, List.of(), List.of(), "");
    }

    /** A container known from a lifecycle event of {@code runtime} only: its id, name and image reference. */
    public static ContainerInfo named(String id, String name, String image, String runtime) {
        return new ContainerInfo(id, name, image, "", null, null, null, false, List.of(), List.of(), "", "",
                "", "", "", "", List.of(), List.of(), "", Map.of(), 0, List.of(), List.of(), "", List.of(), runtime, Map.of());
    }

    /** This container with the build time of its image filled in. */
    public ContainerInfo withImageCreated(Instant imageCreated) {
        return new ContainerInfo(id, name, image, imageId, imageCreated, created, started, privileged, capAdd,
                capDrop, seccompProfile, apparmorProfile, pidMode, networkMode, ipcMode, usernsMode, mounts,
                devices, user, labels, initPid, maskedPaths, readonlyPaths, upperDir, lowerDirs, runtime, podLabels);
    }

    /** This container with the read-only layers below its upper one (Docker's GraphDriver.Data.LowerDir). */
    public ContainerInfo withLowerDirs(List<String> lowerDirs) {
        return new ContainerInfo(id, name, image, imageId, imageCreated, created, started, privileged, capAdd,
                capDrop, seccompProfile, apparmorProfile, pidMode, networkMode, ipcMode, usernsMode, mounts,
                devices, user, labels, initPid, maskedPaths, readonlyPaths, upperDir, lowerDirs, runtime, podLabels);
    }

    /** This container under another name (a rename), all else kept. */
    public ContainerInfo withName(String name) {
        return new ContainerInfo(id, name, image, imageId, imageCreated, created, started, privileged, capAdd,
                capDrop, seccompProfile, apparmorProfile, pidMode, networkMode, ipcMode, usernsMode, mounts,
                devices, user, labels, initPid, maskedPaths, readonlyPaths, upperDir, lowerDirs, runtime, podLabels);
    }

    /** Whether anything beyond the id is known (an inspect document or at least an event's name). */
    public boolean hasMetadata() {
        return !name.isEmpty() || !image.isEmpty();
    }

    /** The first 12 hex digits, as {@code docker ps} shows. */
    public String shortId() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    public String podName() {
        return labels.getOrDefault(K8S_POD_NAME, "");
    }

    public String podNamespace() {
        return labels.getOrDefault(K8S_POD_NAMESPACE, "");
    }

    public String podUid() {
        return labels.getOrDefault(K8S_POD_UID, "");
    }

    /**
     * The host path behind a path seen inside the container, through the longest matching mount
     * destination, or empty when the path lies on the container's own filesystem.
     */
    public Optional<String> hostPathOf(String containerPath) {
        if (containerPath == null || containerPath.isEmpty() || containerPath.charAt(0) != '/') {
            return Optional.empty();
        }
        Mount best = null;
        for (Mount m : mounts) {
            String dest = m.destination();
            if (isUnder(containerPath, dest) && (best == null || dest.length() > best.destination().length())) {
                best = m;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        String rest = containerPath.substring(best.destination().equals("/") ? 0 : best.destination().length());
        String source = best.source();
        if (source.endsWith("/") && rest.startsWith("/")) {
            rest = rest.substring(1);
        }
        return Optional.of(rest.isEmpty() ? source : source + rest);
    }

    /** The mount through which the given container path is reached, or empty. */
    public Optional<Mount> mountOf(String containerPath) {
        Mount best = null;
        if (containerPath != null) {
            for (Mount m : mounts) {
                if (isUnder(containerPath, m.destination())
                        && (best == null || m.destination().length() > best.destination().length())) {
                    best = m;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean isUnder(String path, String dir) {
        if (dir.equals("/")) {
            return true;
        }
        return path.startsWith(dir) && (path.length() == dir.length() || path.charAt(dir.length()) == '/');
    }
}
