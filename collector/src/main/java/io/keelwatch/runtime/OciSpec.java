package io.keelwatch.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.container.Mount;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What an OCI runtime spec (the {@code config.json} containerd and CRI-O hand to runc) says about a
 * container's privileges, as the runtime-neutral parts of {@link io.keelwatch.container.ContainerInfo}.
 * Both the containerd API (the container's {@code spec}) and the CRI verbose info ({@code runtimeSpec})
 * carry this document, so one reader serves every non-Docker runtime.
 *
 * @param mounts        bind mounts (the host paths a container reaches), in spec order
 * @param capAdd        capabilities beyond the runtimes' default set, {@code ALL} when every known one is held
 * @param capDrop       capabilities of the default set the container lacks
 * @param pidMode       {@code host} when the spec has no pid namespace of its own, else empty
 * @param networkMode   {@code host} with no network namespace, {@code container} when it joins another's
 *                      (a pod's), else {@code private}
 * @param ipcMode       {@code host}, {@code container} or {@code private}, likewise
 * @param usernsMode    {@code private} with a user namespace, else empty
 * @param user          {@code uid} or {@code uid:gid} of the first process, empty for root
 * @param seccomp       {@code unconfined} without a seccomp filter, else empty (the runtime's profile)
 * @param apparmor      the AppArmor profile, or empty
 * @param devices       device paths created in the container
 * @param maskedPaths   paths masked inside the container
 * @param readonlyPaths paths mounted read-only
 * @param annotations   the spec's annotations (CRI puts the sandbox id and pod identity there)
 */
public record OciSpec(List<Mount> mounts, List<String> capAdd, List<String> capDrop, String pidMode,
                      String networkMode, String ipcMode, String usernsMode, String user, String seccomp,
                      String apparmor, List<String> devices, List<String> maskedPaths, List<String> readonlyPaths,
                      Map<String, String> annotations) {

    /** The capabilities containerd, CRI-O and Docker grant by default (containerd's oci.defaultUnixCaps). */
    public static final Set<String> DEFAULT_CAPS = Set.of("CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "MKNOD",
            "NET_RAW", "SETGID", "SETUID", "SETFCAP", "SETPCAP", "NET_BIND_SERVICE", "SYS_CHROOT", "KILL",
            "AUDIT_WRITE");

    /** Every capability up to CAP_CHECKPOINT_RESTORE (Linux 5.9): holding all of them is "ALL". */
    public static final List<String> KNOWN_CAPS = List.of("CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER",
            "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST",
            "NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE",
            "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD",
            "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM",
            "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE");

    /** No spec at all: nothing known. */
    public static final OciSpec EMPTY = new OciSpec(List.of(), List.of(), List.of(), "", "", "", "", "", "", "",
            List.of(), List.of(), List.of(), Map.of());

    public OciSpec {
        mounts = List.copyOf(mounts);
        capAdd = List.copyOf(capAdd);
        capDrop = List.copyOf(capDrop);
        devices = List.copyOf(devices);
        maskedPaths = List.copyOf(maskedPaths);
        readonlyPaths = List.copyOf(readonlyPaths);
        annotations = Map.copyOf(annotations);
    }

    /**
     * Reads a spec document. Missing parts read as absent (a spec with no {@code linux} section has no
     * namespaces of its own); a node that is not an object gives {@link #EMPTY}.
     */
    public static OciSpec read(JsonNode spec) {
        if (spec == null || !spec.isObject()) {
            return EMPTY;
        }
        JsonNode process = spec.path("process");
        JsonNode linux = spec.path("linux");
        List<Mount> mounts = new ArrayList<>();
        for (JsonNode m : spec.path("mounts")) {
            List<String> options = texts(m.path("options"));
            String type = m.path("type").asText("");
            boolean bind = type.equals("bind") || options.contains("bind") || options.contains("rbind");
            if (!bind) {
                continue;
            }
            String propagation = "";
            for (String o : options) {
                if (o.equals("rprivate") || o.equals("private") || o.equals("rshared") || o.equals("shared")
                        || o.equals("rslave") || o.equals("slave")) {
                    propagation = o;
                }
            }
            mounts.add(new Mount("bind", m.path("source").asText(""), m.path("destination").asText(""),
                    !options.contains("ro"), propagation));
        }
        Set<String> caps = new LinkedHashSet<>();
        for (String c : texts(process.path("capabilities").path("bounding"))) {
            caps.add(c.startsWith("CAP_") ? c.substring(4) : c);
        }
        List<String> capAdd = new ArrayList<>();
        if (caps.containsAll(KNOWN_CAPS)) {
            capAdd.add("ALL");
        } else {
            for (String c : caps) {
                if (!DEFAULT_CAPS.contains(c)) {
                    capAdd.add(c);
                }
            }
        }
        List<String> capDrop = new ArrayList<>();
        if (process.path("capabilities").isObject()) {
            for (String c : new java.util.TreeSet<>(DEFAULT_CAPS)) {
                if (!caps.contains(c)) {
                    capDrop.add(c);
                }
            }
        }
        String pid = "";
        String net = "";
        String ipc = "";
        String userns = "";
        boolean[] seen = new boolean[4];
        for (JsonNode ns : linux.path("namespaces")) {
            String type = ns.path("type").asText("");
            String mode = ns.path("path").asText("").isEmpty() ? "private" : "container";
            switch (type) {
                case "pid" -> {
                    seen[0] = true;
                    pid = mode.equals("private") ? "" : mode;
                }
                case "network" -> {
                    seen[1] = true;
                    net = mode;
                }
                case "ipc" -> {
                    seen[2] = true;
                    ipc = mode;
                }
                case "user" -> {
                    seen[3] = true;
                    userns = "private";
                }
                default -> { }
            }
        }
        if (linux.isObject()) {
            pid = seen[0] ? pid : "host";
            net = seen[1] ? net : "host";
            ipc = seen[2] ? ipc : "host";
        }
        JsonNode u = process.path("user");
        String user = "";
        if (!u.path("username").asText("").isEmpty()) {
            user = u.path("username").asText();
        } else if (u.path("uid").asLong(0) != 0 || u.path("gid").asLong(0) != 0) {
            user = u.path("gid").asLong(0) == 0 ? Long.toString(u.path("uid").asLong())
                    : u.path("uid").asLong() + ":" + u.path("gid").asLong();
        }
        String seccomp = linux.isObject() && !linux.path("seccomp").isObject() ? "unconfined" : "";
        List<String> devices = new ArrayList<>();
        for (JsonNode d : linux.path("devices")) {
            devices.add(d.path("path").asText(""));
        }
        Map<String, String> annotations = new TreeMap<>();
        spec.path("annotations").fields().forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
        return new OciSpec(mounts, capAdd, capDrop, pid, net, ipc, userns, user, seccomp,
                process.path("apparmorProfile").asText(""), devices, texts(linux.path("maskedPaths")),
                texts(linux.path("readonlyPaths")), annotations);
    }

    /**
     * Whether the spec looks like what a runtime makes of {@code privileged}: every capability, no
     * masked or read-only paths and the host's devices. The containerd API has no privileged flag of its
     * own; CRI runtimes report theirs and it is used where present.
     */
    public boolean looksPrivileged() {
        return capAdd.contains("ALL") && maskedPaths.isEmpty() && readonlyPaths.isEmpty() && !devices.isEmpty();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) {
            out.add(n.asText());
        }
        return out;
    }
}
