package io.keelwatch.bench.rules;

/**
 * N Falco-style rules of the shapes the shipped pack and Falco use (spawned process with tool
 * lists, write-open with path prefixes, inet connect with port lists), spread over the syscalls so
 * that the per-type index works as it would for a real rule base. None matches benign traffic.
 */
public final class SyntheticRules {
    private SyntheticRules() { }

    public static String yaml(int n) {
        StringBuilder b = new StringBuilder();
        b.append("- macro: container\n  condition: container.id != host\n");
        b.append("- macro: spawned_process\n  condition: evt.type in (execve, execveat)\n");
        b.append("- macro: open_write\n  condition: evt.type in (open, openat, openat2) and evt.is_open_write = true\n");
        for (int i = 0; i < n; i++) {
            b.append("- list: tools_").append(i).append("\n  items: [tool").append(i).append("a, tool").append(i)
                    .append("b, tool").append(i).append("c, tool").append(i).append("d]\n");
            b.append("- rule: synthetic ").append(i).append("\n  desc: synthetic rule ").append(i).append("\n  condition: >\n    ");
            switch (i % 5) {
                case 0 -> b.append("spawned_process and container and (proc.names intersects (tools_").append(i)
                        .append(") or proc.cmdline contains \"--opt").append(i).append("\")");
                case 1 -> b.append("open_write and container and fd.name startswith /secret").append(i)
                        .append("/ and not proc.name in (tools_").append(i).append(")");
                case 2 -> b.append("evt.type = connect and fd.typechar in (4, 6) and container and fd.sport in (")
                        .append(20000 + i).append(", ").append(30000 + i).append(") and not fd.sip in (\"10.0.0.0/8\")");
                case 3 -> b.append("evt.type in (mount, setns, unshare) and container and proc.name = tool").append(i)
                        .append(" and not proc.exepath = \"/\"");
                default -> b.append("spawned_process and proc.exepath startswith /opt/x").append(i)
                        .append("/ and proc.aname[2] in (tools_").append(i).append(")");
            }
            b.append("\n  output: synthetic ").append(i).append(" %proc.name %container.name %fd.name\n  priority: NOTICE\n");
        }
        return b.toString();
    }
}
