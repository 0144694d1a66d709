package io.keelwatch.rules.fields;

import static io.keelwatch.rules.fields.Fields.Table.BOTH;
import static io.keelwatch.rules.fields.Fields.Table.INVENTORY;
import static io.keelwatch.rules.fields.Fields.Table.LIFECYCLE;
import static io.keelwatch.rules.fields.Fields.Table.bool;

import io.keelwatch.container.ContainerEvent;
import io.keelwatch.container.ContainerInfo;
import io.keelwatch.container.ExecSession;
import io.keelwatch.container.Mount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code container.*} and {@code k8s.*} from {@link ContainerInfo}; inventory and container
 * lifecycle rules also get whether the tag still points at the image the container runs, and
 * lifecycle rules the exec session ({@code container.exec.*}). Host
 * processes have {@code container.id = host} as in Falco.
 */
final class ContainerFields {
    private ContainerFields() { }

    static void register(Fields.Table t) {
        t.str("container.id", BOTH, c -> (String) c.memo(EvalContext.CONTAINER_ID,
                x -> x.container() == null ? "host" : x.container().shortId()));
        t.str("container.full_id", BOTH, c -> c.container() == null ? "host" : c.container().id());
        t.str("container.name", BOTH, c -> c.container() == null ? "host" : c.container().name());
        t.str("container.image", BOTH, c -> ci(c, ContainerInfo::image));
        t.str("container.image.id", BOTH, c -> ci(c, ContainerInfo::imageId));
        t.str("container.image.repository", BOTH, c -> ci(c, i -> ImageRef.repository(i.image())));
        t.str("container.image.tag", BOTH, c -> ci(c, i -> ImageRef.tag(i.image())));
        t.str("container.image.digest", BOTH, c -> ci(c, i -> ImageRef.digest(i.image())));
        t.bool("container.privileged", BOTH, c -> c.container() == null ? Extractor.MISSING : bool(c.container().privileged()));
        t.list("container.capabilities", BOTH, ContainerFields::capabilities);
        t.list("container.cap_drop", BOTH, c -> c.container() == null ? List.of() : c.container().capDrop());
        t.list("container.mounts", BOTH, ContainerFields::mounts);
        t.list("container.devices", BOTH, c -> c.container() == null ? List.of() : c.container().devices());
        t.str("container.seccomp", BOTH, c -> ci(c, ContainerInfo::seccompProfile));
        t.str("container.apparmor", BOTH, c -> ci(c, ContainerInfo::apparmorProfile));
        t.str("container.pid_mode", BOTH, c -> ci(c, ContainerInfo::pidMode));
        t.str("container.network_mode", BOTH, c -> ci(c, ContainerInfo::networkMode));
        t.str("container.ipc_mode", BOTH, c -> ci(c, ContainerInfo::ipcMode));
        t.str("container.userns_mode", BOTH, c -> ci(c, ContainerInfo::usernsMode));
        t.str("container.user", BOTH, c -> ci(c, ContainerInfo::user));
        t.num("container.start_ts", BOTH, c -> {
            Instant s = started(c.container());
            return s == null ? Extractor.MISSING : s.getEpochSecond() * 1_000_000_000L + s.getNano();
        });
        t.num("container.age", BOTH, c -> {
            Instant s = started(c.container());
            return s == null ? Extractor.MISSING : Math.max(0, (c.nowMs() - s.toEpochMilli()) / 1000);
        });
        t.num("container.image.age", BOTH, c -> {
            Instant s = c.container() == null ? null : c.container().imageCreated();
            // reproducible builds stamp 1970-01-01: that is "unknown", not "56 years old"
            return s == null || s.getEpochSecond() <= 0 ? Extractor.MISSING : Math.max(0, (c.nowMs() - s.toEpochMilli()) / 1000);
        });
        t.bool("container.image.stale", INVENTORY, c -> c.state() == null || c.state().tagImageId() == null
                ? Extractor.MISSING : bool(c.state().imageStale()));
        t.str("container.image.current_id", INVENTORY, c -> c.state() == null ? null : c.state().tagImageId());
        t.bool("container.exec.privileged", LIFECYCLE, c -> exec(c) == null ? Extractor.MISSING : bool(exec(c).privileged()));
        t.str("container.exec.user", LIFECYCLE, c -> exec(c) == null ? null : emptyToNull(exec(c).user()));
        t.str("container.exec.cmdline", LIFECYCLE, c -> exec(c) == null ? null : emptyToNull(exec(c).cmdline()));
        t.str("container.exec.id", LIFECYCLE, c -> exec(c) == null ? null : emptyToNull(exec(c).id()));
        t.bool("container.exec.tty", LIFECYCLE, c -> exec(c) == null ? Extractor.MISSING : bool(exec(c).tty()));
        t.str("k8s.ns.name", BOTH, c -> ci(c, i -> emptyToNull(i.podNamespace())));
        t.str("k8s.pod.name", BOTH, c -> ci(c, i -> emptyToNull(i.podName())));
        // which runtime described the container (docker, containerd, cri-o): Falco's container.type
        t.str("container.runtime", BOTH, c -> ci(c, ContainerInfo::runtime));
        t.str("container.type", BOTH, c -> ci(c, ContainerInfo::runtime));
        t.str("k8s.pod.uid", BOTH, c -> ci(c, i -> emptyToNull(i.podUid())));
        t.list("k8s.pod.labels", BOTH, c -> {
            List<String> out = new ArrayList<>();
            if (c.container() != null) {
                c.container().podLabels().forEach((k, v) -> out.add(k + ":" + v));
                out.sort(null);
            }
            return out;
        });
        t.add("k8s.pod.label", FieldDef.Arg.REQUIRED, BOTH, arg ->
                new FieldDef.Bound(FieldType.STRING, (Extractor.Str) c -> ci(c, i -> i.podLabels().get(arg))));
        t.str("k8s.container.name", BOTH, c -> ci(c, i -> emptyToNull(i.labels().get(ContainerInfo.K8S_CONTAINER_NAME))));
        t.add("container.label", FieldDef.Arg.REQUIRED, BOTH, arg ->
                new FieldDef.Bound(FieldType.STRING, (Extractor.Str) c -> ci(c, i -> i.labels().get(arg))));
        mountField(t, "container.mount.source", Mount::source, Mount::destination);
        mountField(t, "container.mount.dest", Mount::destination, Mount::source);
        t.list("container.mount.source_rw", BOTH, c -> {
            List<String> out = new ArrayList<>();
            if (c.container() != null) {
                for (Mount m : c.container().mounts()) {
                    if (m.readWrite()) {
                        out.add(m.source());
                    }
                }
            }
            return out;
        });
    }

    private static ExecSession exec(EvalContext c) {
        return c.lifecycle() instanceof ContainerEvent.ExecCreated x ? x.session() : null;
    }

    private static String ci(EvalContext c, Function<ContainerInfo, String> f) {
        return c.container() == null ? null : emptyToNull(f.apply(c.container()));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static Instant started(ContainerInfo ci) {
        if (ci == null) {
            return null;
        }
        return ci.started() != null ? ci.started() : ci.created();
    }

    private static List<String> capabilities(EvalContext c) {
        ContainerInfo ci = c.container();
        if (ci == null) {
            return List.of();
        }
        if (!ci.privileged()) {
            return ci.capAdd();
        }
        List<String> out = new ArrayList<>(ci.capAdd());
        if (!out.contains("ALL")) {
            out.add("ALL");
        }
        return out;
    }

    /** Falco's {@code source:dest:mode:rdrw:propagation}. */
    private static List<String> mounts(EvalContext c) {
        ContainerInfo ci = c.container();
        if (ci == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(ci.mounts().size());
        for (Mount m : ci.mounts()) {
            out.add(m.source() + ":" + m.destination() + ":" + m.type() + ":" + (m.readWrite() ? "true" : "false")
                    + ":" + m.propagation());
        }
        return out;
    }

    /**
     * No argument: every mount's value; {@code [N]}: the N-th mount's; {@code [path]}: the mount whose
     * other end is that path (Falco: source by destination and destination by source).
     */
    private static void mountField(Fields.Table t, String name, Function<Mount, String> value, Function<Mount, String> key) {
        t.add(name, FieldDef.Arg.OPTIONAL, BOTH, arg -> {
            if (arg == null) {
                return new FieldDef.Bound(FieldType.LIST, (Extractor.Multi) c -> {
                    ContainerInfo ci = c.container();
                    if (ci == null) {
                        return List.of();
                    }
                    List<String> out = new ArrayList<>(ci.mounts().size());
                    for (Mount m : ci.mounts()) {
                        out.add(value.apply(m));
                    }
                    return out;
                });
            }
            if (!arg.isEmpty() && Character.isDigit(arg.charAt(0))) {
                int n = Fields.Table.index(arg);
                return new FieldDef.Bound(FieldType.STRING, (Extractor.Str) c -> {
                    ContainerInfo ci = c.container();
                    return ci == null || n >= ci.mounts().size() ? null : value.apply(ci.mounts().get(n));
                });
            }
            return new FieldDef.Bound(FieldType.STRING, (Extractor.Str) c -> {
                ContainerInfo ci = c.container();
                if (ci != null) {
                    for (Mount m : ci.mounts()) {
                        if (arg.equals(key.apply(m))) {
                            return value.apply(m);
                        }
                    }
                }
                return null;
            });
        });
    }
}
