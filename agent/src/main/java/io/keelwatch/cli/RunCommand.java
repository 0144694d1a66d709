package io.keelwatch.cli;

import io.keelwatch.agent.config.AgentConfig;
import io.keelwatch.agent.config.ConfigException;
import io.keelwatch.agent.config.ConfigLoader;
import io.keelwatch.agent.daemon.Agent;
import io.keelwatch.agent.daemon.JournalRecorder;
import io.keelwatch.agent.daemon.LiveParts;
import io.keelwatch.agent.daemon.LogSetup;
import io.keelwatch.agent.daemon.SystemdNotify;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

@Command(name = "run", description = {"Run the agent on this host.",
        "Settings come from the embedded defaults, then the config file, then its config.d/*.yaml drop-ins "
                + "(by name), then KEELWATCH_SECTION_KEY environment variables, then these flags. "
                + "SIGHUP reloads the config file and the rules; SIGTERM stops."})
public final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = System.getLogger(RunCommand.class.getName());

    @Option(names = "--config", paramLabel = "FILE",
            description = "Config file (default: /etc/keelwatch/keelwatch.yaml when it exists).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override any setting by its dotted key, e.g. alerts.file=/tmp/a.jsonl (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--data-dir", paramLabel = "DIR", description = "data_dir")
    String dataDir;

    @Option(names = "--rules", paramLabel = "PATH",
            description = "rules.paths: rule files or directories loaded after the shipped pack (repeatable)")
    List<String> rules = new ArrayList<>();

    @Option(names = "--no-default-rules", description = "rules.default_pack=false: --rules replaces the shipped pack")
    boolean noDefaultRules;

    @Option(names = "--audit-source", paramLabel = "SOURCE", description = "audit.source: auto, file, netlink, multicast, none")
    String auditSource;

    @Option(names = "--alerts-file", paramLabel = "FILE", description = "alerts.file (off = none)")
    String alertsFile;

    @Option(names = "--no-stdout", description = "alerts.stdout=false")
    boolean noStdout;

    @Option(names = "--alertmanager", paramLabel = "URL", description = "alertmanager.urls (repeatable)")
    List<String> alertmanagers = new ArrayList<>();

    @Option(names = "--metrics-listen", paramLabel = "HOST:PORT", description = "metrics.listen (off = none)")
    String metricsListen;

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "log.level: error, warning, info, debug")
    String logLevel;

    @Option(names = "--dry-run", description = "Load and check the config and the rules, print the effective config "
            + "and the audit rules a start would load, and exit (0: all loads; 2: it does not). Changes nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        Path file = configFile();
        Map<String, String> overrides;
        AgentConfig cfg;
        try {
            overrides = overrides();
            cfg = ConfigLoader.load(file, ConfigLoader.dropInDir(file), System.getenv(), overrides);
        } catch (ConfigException e) {
            e.problems().forEach(p -> System.err.println("keelwatch: " + p));
            return 2;
        }
        if (dryRun) {
            return DryRun.print(cfg, file, System.out, System.err);
        }
        LogSetup.configure(cfg.log().level());
        JournalRecorder journal = cfg.journal().enabled() ? new JournalRecorder(cfg.journal()) : null;
        LiveParts parts = journal == null ? LiveParts.build(cfg)
                : LiveParts.build(cfg, journal, journal::bind);
        // systemd (Type=notify): READY=1 once the pipeline runs, watchdog pings from the core's loop, STOPPING=1
        SystemdNotify notify = SystemdNotify.fromEnvironment(System.getenv(), ProcessHandle.current().pid());
        notify.status("starting: loading rules, opening sources");
        Agent agent;
        try {
            agent = Agent.start(cfg, parts.parts(), System.out, notify);
        } catch (IllegalArgumentException e) {
            System.err.println("keelwatch: " + e.getMessage());
            return 2;
        }
        CountDownLatch stop = new CountDownLatch(1);
        AtomicReference<String> fatal = new AtomicReference<>();
        parts.onFatal(reason -> {
            fatal.compareAndSet(null, reason);
            stop.countDown();
        });
        Signal.handle(new Signal("HUP"), sig -> reload(agent, file, overrides, notify));
        Signal.handle(new Signal("TERM"), sig -> stop.countDown());
        Signal.handle(new Signal("INT"), sig -> stop.countDown());
        int exit = serve(agent, stop, fatal, notify);
        notify.close();
        parts.close();
        if (journal != null) {
            journal.close();
        }
        return exit;
    }

    /**
     * Runs the agent until {@code stop} opens (a signal) or a part of it dies, then closes it.
     *
     * @param fatal the first fatal reason, set here when a part of the agent dies (or by another part beforehand)
     * @return 0 after a stop; 3 after a part the agent cannot run without died, so systemd or the kubelet sees the
     *         failure and restarts it
     */
    static int serve(Agent agent, CountDownLatch stop, AtomicReference<String> fatal, SystemdNotify notify)
            throws Exception {
        agent.onFatal(reason -> {
            fatal.compareAndSet(null, reason);
            stop.countDown();
        });
        stop.await();
        LOG.log(fatal.get() == null ? Level.INFO : Level.ERROR, fatal.get() == null ? "stopping"
                : "stopping: " + fatal.get());
        notify.stopping(fatal.get() == null ? "stopping: draining the queue, flushing the journal and the outbox"
                : "stopping after a fatal failure: " + fatal.get());
        agent.close();
        return fatal.get() == null ? 0 : 3;
    }

    private void reload(Agent agent, Path file, Map<String, String> overrides, SystemdNotify notify) {
        try {
            AgentConfig next = ConfigLoader.load(file, ConfigLoader.dropInDir(file), System.getenv(), overrides);
            List<String> notes = agent.reload(next, LiveParts.rulesContent(next));
            if (notes.isEmpty()) {
                LOG.log(Level.WARNING, "reloaded configuration and rules");
            }
            notes.forEach(n -> LOG.log(Level.WARNING, "reload: " + n));
            notify.status(notes.isEmpty() ? "watching; reloaded configuration and rules"
                    : "watching; reload: " + String.join("; ", notes));
        } catch (ConfigException e) {
            LOG.log(Level.ERROR, "reload refused, the running configuration and rules stay: "
                    + String.join("; ", e.problems()));
            notify.status("watching; reload refused: " + String.join("; ", e.problems()));
        } catch (Exception e) {
            LOG.log(Level.ERROR, "reload failed, the running configuration and rules stay: " + e);
            notify.status("watching; reload failed: " + e);
        }
    }

    private Path configFile() {
        if (config != null) {
            return config;
        }
        return Files.exists(ConfigLoader.DEFAULT_FILE) ? ConfigLoader.DEFAULT_FILE : null;
    }

    Map<String, String> overrides() throws ConfigException {
        Map<String, String> o = new LinkedHashMap<>();
        List<String> bad = new ArrayList<>();
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                bad.add("flag --set " + s + ": expected KEY=VALUE");
            } else {
                o.put(s.substring(0, eq), s.substring(eq + 1));
            }
        }
        if (!bad.isEmpty()) {
            throw new ConfigException(bad);
        }
        put(o, "data_dir", dataDir);
        put(o, "audit.source", auditSource);
        put(o, "alerts.file", alertsFile);
        put(o, "metrics.listen", metricsListen);
        put(o, "log.level", logLevel);
        if (noStdout) {
            o.put("alerts.stdout", "false");
        }
        if (noDefaultRules) {
            o.put("rules.default_pack", "false");
        }
        if (!rules.isEmpty()) {
            o.put("rules.paths", String.join(",", rules));
        }
        if (!alertmanagers.isEmpty()) {
            o.put("alertmanager.urls", String.join(",", alertmanagers));
        }
        return o;
    }

    private static void put(Map<String, String> o, String key, String value) {
        if (value != null) {
            o.put(key, value);
        }
    }
}
