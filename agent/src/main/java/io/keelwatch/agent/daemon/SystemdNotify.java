package io.keelwatch.agent.daemon;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;

/**
 * The sd_notify protocol: one datagram per message to the AF_UNIX socket systemd names in {@code NOTIFY_SOCKET}
 * (a path, or an abstract name written with a leading {@code @}). The JDK has no AF_UNIX datagram sockets, so the
 * channel is jnr-unixsocket's. Outside systemd (no {@code NOTIFY_SOCKET}) every call does nothing.
 *
 * <p>A message that cannot be sent never stops the agent: it is counted ({@link #failures()}, exported as
 * {@code keelwatch_sd_notify_failures_total}) and the first failure is logged.
 */
public final class SystemdNotify implements AutoCloseable {
    private static final Logger LOG = System.getLogger(SystemdNotify.class.getName());

    /** Does nothing: no systemd is listening. */
    public static final SystemdNotify NONE = new SystemdNotify(null, null, null);

    private final UnixDatagramChannel channel;
    private final UnixSocketAddress target;
    private final Duration watchdog;
    private final AtomicLong failures = new AtomicLong();

    private SystemdNotify(UnixDatagramChannel channel, UnixSocketAddress target, Duration watchdog) {
        this.channel = channel;
        this.target = target;
        this.watchdog = watchdog;
    }

    /**
     * The notifier systemd asked for in {@code env} ({@code NOTIFY_SOCKET}, {@code WATCHDOG_USEC},
     * {@code WATCHDOG_PID}), or {@link #NONE}.
     *
     * @throws IOException when the datagram socket cannot be created
     */
    public static SystemdNotify fromEnvironment(Map<String, String> env, long ownPid) throws IOException {
        String socket = env.get("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty()) {
            return NONE;
        }
        if (!(socket.startsWith("/") || socket.startsWith("@"))) {
            throw new IOException("NOTIFY_SOCKET=" + socket + ": neither a path nor an abstract name (@...)");
        }
        // an abstract name is written with '@' and sent with the NUL it stands for
        String path = socket.startsWith("@") ? "\0" + socket.substring(1) : socket;
        return new SystemdNotify(UnixDatagramChannel.open(), new UnixSocketAddress(path),
                watchdogInterval(env, ownPid).orElse(null));
    }

    /**
     * The watchdog interval systemd set ({@code WATCHDOG_USEC}), if it is meant for this process
     * ({@code WATCHDOG_PID} absent or equal to {@code ownPid}).
     */
    static Optional<Duration> watchdogInterval(Map<String, String> env, long ownPid) {
        String usec = env.get("WATCHDOG_USEC");
        if (usec == null || usec.isEmpty()) {
            return Optional.empty();
        }
        String pid = env.get("WATCHDOG_PID");
        if (pid != null && !pid.isEmpty() && !pid.equals(Long.toString(ownPid))) {
            return Optional.empty();
        }
        try {
            long us = Long.parseLong(usec);
            return us > 0 ? Optional.of(Duration.ofNanos(Math.multiplyExact(us, 1000L))) : Optional.empty();
        } catch (NumberFormatException | ArithmeticException e) {
            LOG.log(Level.WARNING, "WATCHDOG_USEC=" + usec + " is not a number of microseconds: watchdog off");
            return Optional.empty();
        }
    }

    /** Whether a systemd is listening. */
    public boolean enabled() {
        return channel != null;
    }

    /** The watchdog interval, when systemd runs one for this process. */
    public Optional<Duration> watchdog() {
        return Optional.ofNullable(watchdog);
    }

    /** {@code READY=1} with a status line: the pipeline is wired and the sources are started. */
    public void ready(String status) {
        send("READY=1\nSTATUS=" + oneLine(status));
    }

    /** {@code STATUS=...}: what {@code systemctl status} shows. */
    public void status(String status) {
        send("STATUS=" + oneLine(status));
    }

    /** {@code WATCHDOG=1}: the core's loop is alive. */
    public void watchdogPing() {
        send("WATCHDOG=1");
    }

    /** {@code STOPPING=1} with a status line: a stop was asked for (SIGTERM) and the queue is being drained. */
    public void stopping(String status) {
        send("STOPPING=1\nSTATUS=" + oneLine(status));
    }

    /** Messages that could not be sent. */
    public long failures() {
        return failures.get();
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ');
    }

    // synchronized: the core's thread (watchdog), the signal handler (stopping) and start-up may send at once
    private synchronized void send(String message) {
        if (channel == null) {
            return;
        }
        try {
            channel.send(ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)), target);
        } catch (IOException | RuntimeException e) {
            if (failures.getAndIncrement() == 0) {
                LOG.log(Level.WARNING, "sd_notify to " + target + " failed (further failures are only counted): "
                        + e);
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
