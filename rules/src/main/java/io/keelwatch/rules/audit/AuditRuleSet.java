package io.keelwatch.rules.audit;

import io.keelwatch.rules.engine.RuleSet;
import io.keelwatch.rules.fields.FieldDef.AuditHint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The smallest auditctl rule set that feeds the loaded rules, following the tier-1 design of
 * detections.md §3: the agent excluded first, specific high-value rules before generic ones (only
 * the first matching exit rule's key is recorded), no auid filters (containers have none), no
 * success filters on connect or module loads, connect limited to inet families, path and directory
 * watches for file rules that name host paths. Write-intent opens of procfs/sysfs knobs are tier 2:
 * printed commented out unless asked for.
 */
public final class AuditRuleSet {
    /** Written where the agent's pid goes when it is not known yet; the agent substitutes it at start. */
    public static final String PID_PLACEHOLDER = "@KEELWATCH_PID@";

    private static final List<String> MOUNT = List.of("mount", "umount2", "fsopen", "fsconfig", "fsmount", "move_mount",
            "open_tree", "mount_setattr", "pivot_root", "chroot");
    private static final List<String> NS = List.of("setns", "unshare");
    private static final List<String> MODULE = List.of("init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load");
    private static final List<String> INJECT = List.of("ptrace", "process_vm_writev");
    private static final List<String> EXEC = List.of("execve", "execveat");
    private static final List<String> EROFS = List.of("open", "openat", "openat2", "creat", "truncate", "unlink", "unlinkat",
            "rename", "renameat", "renameat2");
    private static final List<String> UMH = List.of("execve", "execveat", "open", "openat", "openat2", "connect");

    /**
     * @param agentPid  the agent's pid, or {@code null} to print {@link #PID_PLACEHOLDER}
     * @param tier2     emit the write-open rules for procfs/cgroupfs knobs instead of commenting them
     * @param dirExists whether a directory exists here ({@code dir=} rules fail to load otherwise)
     * @param excludeAgent emit the agent-exclusion lines (a static rules.d file cannot know the pid: leave
     *                     them out there and let the agent prepend {@link #agentExclusion(long)} at start)
     */
    public record Options(Long agentPid, boolean tier2, Predicate<String> dirExists, boolean excludeAgent) {
        public Options(Long agentPid, boolean tier2, Predicate<String> dirExists) {
            this(agentPid, tier2, dirExists, true);
        }
    }

    /**
     * The agent's own exclusion as rules to add at run time in front of any loaded list ({@code -A}
     * prepends), so a static rule file needs no pid.
     */
    public static List<String> agentExclusion(long pid) {
        return List.of("-A never,exit -F arch=b64 -S all -F pid=" + pid, "-A never,exit -F arch=b32 -S all -F pid=" + pid);
    }

    /** The key the agent gives the tier-2 rules it adds and removes at run time (reserved: it deletes them all at start). */
    public static final String TIER2_KEY = "kw_tier2";
    private static final String TIER2_STATIC_KEY = "kw_write";

    private AuditRuleSet() { }

    /**
     * The tier-2 rules the loaded rules need, keyed {@code key}: what the agent adds while a container that can
     * write kernel knobs runs. Empty when no loaded rule looks at knob writes. They go at the end of the exit
     * list, where {@link #render} puts them too (only the b32 catch-all follows there, disjoint by arch).
     */
    public static List<String> tier2(RuleSet set, String key) {
        List<String> out = new ArrayList<>();
        for (String line : render(set, new Options(null, true, d -> true, false))) {
            if (line.startsWith("-a ") && line.endsWith(" -k " + TIER2_STATIC_KEY)) {
                out.add(line.substring(0, line.length() - TIER2_STATIC_KEY.length()) + key);
            }
        }
        return out;
    }

    /** The lines with the placeholder replaced by the agent's pid (what the agent does at start). */
    public static List<String> withPid(List<String> lines, long pid) {
        List<String> out = new ArrayList<>(lines.size());
        for (String l : lines) {
            out.add(l.replace(PID_PLACEHOLDER, Long.toString(pid)));
        }
        return out;
    }

    public static List<String> render(RuleSet set, Options o) {
        return render(AuditCoverage.of(set), o);
    }

    /** The auditctl text for what the rules need; decides only which lines say it. */
    static List<String> render(AuditCoverage need, Options o) {
        Set<String> types = need.types();
        Set<AuditHint> hints = need.hints();
        Map<String, String> watches = need.watches();
        Set<String> sockets = need.sockets();
        List<String> out = new ArrayList<>();
        out.add("## keelwatch audit rules: generated from " + need.ruleCount() + " loaded rules (" + need.fileCount() + " files)");
        out.add("## load with: auditctl -R FILE  (add -D, -b 16384, --backlog_wait_time 60000, -f 1 in your base config)");
        if (o.excludeAgent()) {
            out.add("## the agent itself first: its own file and socket activity must not feed back into the rules");
            String pid = o.agentPid() == null ? PID_PLACEHOLDER : Long.toString(o.agentPid());
            out.add("-a never,exit -F arch=b64 -S all -F pid=" + pid);
            out.add("-a never,exit -F arch=b32 -S all -F pid=" + pid);
        } else {
            out.add("## the agent excludes itself at start by prepending: -A never,exit -F arch=b64|b32 -S all -F pid=<its pid>");
        }
        if (hints.contains(AuditHint.PARENT_PID) && intersects(types, UMH)) {
            out.add("## kernel usermode helpers (core_pattern, release_agent, uevent_helper run as children of kthreadd)");
            out.add("-a always,exit -F arch=b64 -S " + String.join(",", UMH) + " -F ppid=2 -k kw_umh");
        }
        if (hints.contains(AuditHint.BLOCK_DEVICE)) {
            out.add("## any open or mount touching a block device");
            out.add("-a always,exit -F arch=b64 -S open,openat,openat2,mount -F filetype=block -k kw_blockdev");
        }
        if (need.failedWrites()) {
            out.add("## writes refused by a read-only mount (EROFS), whatever the path: a watch sees only host inodes, and an");
            out.add("## attempt through a read-only bind of /etc/cron.d or a log directory shows intent although it failed");
            out.add("-a always,exit -F arch=b64 -S " + String.join(",", EROFS) + " -F exit=-EROFS -k kw_erofs");
        }
        if (types.contains("connect") && !sockets.isEmpty()) {
            out.add("## runtime API sockets: a -w watch does not see connect(), a path filter on connect does");
            for (String s : sockets) {
                String line = "-a always,exit -F arch=b64 -S connect -F path=" + s + " -k kw_dockersock";
                String parent = s.substring(0, Math.max(1, s.lastIndexOf('/')));
                out.add(o.dirExists().test(parent) ? line : "# (no such directory here) " + line);
            }
        }
        if (!watches.isEmpty()) {
            out.add("## inode watches: also fire for writes and reads through bind mounts of these host paths");
            for (Map.Entry<String, String> w : watches.entrySet()) {
                String p = w.getKey();
                String parent = p.endsWith("/") ? p.substring(0, p.length() - 1) : p.substring(0, Math.max(1, p.lastIndexOf('/')));
                if (p.endsWith("/")) {
                    String dir = p.substring(0, p.length() - 1);
                    String line = "-a always,exit -F arch=b64 -F dir=" + dir + " -F perm=" + w.getValue() + " -k kw_watch";
                    out.add(o.dirExists().test(dir) ? line : "# (no such directory here) " + line);
                } else {
                    String line = "-a always,exit -F arch=b64 -F path=" + p + " -F perm=" + w.getValue() + " -k kw_watch";
                    out.add(o.dirExists().test(parent) ? line : "# (no such directory here) " + line);
                }
            }
        }
        group(out, types, MOUNT, "kw_mount", "mounts, new mount API included (util-linux >= 2.39 uses fsopen/fsmount)",
                types.contains("mount") ? MOUNT : null);
        group(out, types, NS, "kw_ns", "namespace changes", null);
        if (types.contains("clone")) {
            out.add("-a always,exit -F arch=b64 -S clone -F a0&0x7C020000 -k kw_ns");
        }
        group(out, types, MODULE, "kw_module", "kernel modules: no success filter (attempts fail with ENOSYS on hosts without modules)", null);
        group(out, types, INJECT, "kw_inject", "process injection", null);
        group(out, types, List.of("memfd_create", "io_uring_setup"), "kw_memfd", "fileless execution", null);
        if (types.contains("bpf")) {
            out.add("-a always,exit -F arch=b64 -S bpf -F a0=5 -k kw_bpf");
        }
        if (types.contains("chmod") || types.contains("fchmod") || types.contains("fchmodat")) {
            out.add("## modes that add an execute, setuid or setgid bit (drift, privilege kept for later)");
        }
        if (types.contains("chmod") || types.contains("fchmod")) {
            out.add("-a always,exit -F arch=b64 -S chmod,fchmod -F a1&06111 -k kw_chmodx");
        }
        if (types.contains("fchmodat")) {
            out.add("-a always,exit -F arch=b64 -S fchmodat -F a2&06111 -k kw_chmodx");
        }
        if (types.contains("socket")) {
            out.add("## raw and packet sockets (SYN scans and sniffers never call connect)");
            out.add("-a always,exit -F arch=b64 -S socket -F a0=17 -k kw_rawsock");
            out.add("-a always,exit -F arch=b64 -S socket -F a1&=3 -k kw_rawsock");
        }
        if (types.contains("connect") && hints.contains(AuditHint.INET_CONNECT)) {
            out.add("## inet connects whatever their outcome (scans are refused or in progress); AF_UNIX left out");
            out.add("-a always,exit -F arch=b64 -S connect -F saddr_fam=2 -k kw_net");
            out.add("-a always,exit -F arch=b64 -S connect -F saddr_fam=10 -k kw_net");
        }
        if (types.contains("bind")) {
            out.add("-a always,exit -F arch=b64 -S bind -F saddr_fam=2 -k kw_bind");
            out.add("-a always,exit -F arch=b64 -S bind -F saddr_fam=10 -k kw_bind");
        }
        if (intersects(types, EXEC)) {
            out.add("## program execution (mining, recon and escape tools, drift)");
            out.add("-a always,exit -F arch=b64 -S execve,execveat -k kw_exec");
        }
        Set<String> rest = new LinkedHashSet<>(types);
        for (List<String> known : List.of(MOUNT, NS, MODULE, INJECT, EXEC, UMH, List.of("clone", "bpf", "chmod", "fchmod",
                "fchmodat", "socket", "connect", "bind", "memfd_create", "io_uring_setup"))) {
            rest.removeAll(known);
        }
        rest.removeAll(AuditCoverage.OPEN);
        rest.removeAll(AuditCoverage.BY_NAME);
        if (!rest.isEmpty()) {
            out.add("-a always,exit -F arch=b64 -S " + String.join(",", rest) + " -k kw_other");
        }
        String t2 = o.tier2() ? "" : "# ";
        if (need.knobWrites()) {
            out.add("## tier 2: write-intent opens of procfs/cgroupfs knobs (release_agent, core_pattern, sysrq) made inside a");
            out.add("## container are invisible to host path watches; costly: the agent adds them itself (key " + TIER2_KEY
                    + ") while a container that can write kernel knobs runs (audit.deep_rules: auto)");
            out.add(t2 + "-a always,exit -F arch=b64 -S open -F a1&03 -F success=1 -k " + TIER2_STATIC_KEY);
            out.add(t2 + "-a always,exit -F arch=b64 -S openat -F a2&03 -F success=1 -k " + TIER2_STATIC_KEY);
            out.add(t2 + "-a always,exit -F arch=b64 -S creat,openat2 -F success=1 -k " + TIER2_STATIC_KEY);
            if (intersects(types, List.copyOf(AuditCoverage.BY_NAME))) {
                out.add(t2 + "-a always,exit -F arch=b64 -S rename,renameat,renameat2 -F success=1 -k " + TIER2_STATIC_KEY);
            }
            List<String> removals = new ArrayList<>();
            for (String s : List.of("unlink", "unlinkat", "truncate")) {
                if (types.contains(s)) {
                    removals.add(s);
                }
            }
            if (!removals.isEmpty()) {
                // log clearing inside a container's own filesystem (rm, truncate of /var/log files, history files)
                out.add(t2 + "-a always,exit -F arch=b64 -S " + String.join(",", removals) + " -F success=1 -k kw_write");
            }
        }
        out.add("## 32-bit ABI: anything at all (costs nothing on a 64-bit host; catches b64-only rule evasion)");
        out.add("-a always,exit -F arch=b32 -S all -k kw_32bit");
        for (String r : need.untranslated()) {
            out.add("## not translated (condition does not restrict evt.type): " + r);
        }
        return out;
    }

    private static void group(List<String> out, Set<String> types, List<String> syscalls, String key, String comment,
                              List<String> emit) {
        List<String> used = new ArrayList<>();
        for (String s : emit != null ? emit : syscalls) {
            if (emit != null || types.contains(s)) {
                used.add(s);
            }
        }
        if (!used.isEmpty()) {
            out.add("## " + comment);
            out.add("-a always,exit -F arch=b64 -S " + String.join(",", used) + " -k " + key);
        }
    }

    private static boolean intersects(Set<String> types, List<String> group) {
        for (String g : group) {
            if (types.contains(g)) {
                return true;
            }
        }
        return false;
    }
}
