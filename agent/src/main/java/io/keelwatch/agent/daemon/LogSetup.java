package io.keelwatch.agent.daemon;

import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** java.util.logging (behind System.Logger) as one logfmt line per message on stderr. */
public final class LogSetup {
    private LogSetup() { }

    /** {@code error}, {@code warning}, {@code info} or {@code debug}. */
    public static void configure(String level) {
        Level l = switch (level) {
            case "error" -> Level.SEVERE;
            case "info" -> Level.INFO;
            case "debug" -> Level.FINE;
            default -> Level.WARNING;
        };
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler h = new ConsoleHandler();
        h.setFormatter(new LineFormatter());
        h.setLevel(l);
        root.addHandler(h);
        root.setLevel(l);
    }

    /** {@code time=... level=... logger=... msg="..."} with quotes and newlines escaped. */
    static final class LineFormatter extends Formatter {
        @Override
        public String format(LogRecord r) {
            StringBuilder sb = new StringBuilder(160);
            sb.append("time=").append(Instant.ofEpochMilli(r.getMillis()))
                    .append(" level=").append(name(r.getLevel()))
                    .append(" logger=").append(r.getLoggerName())
                    .append(" msg=");
            quote(sb, formatMessage(r));
            if (r.getThrown() != null) {
                sb.append(" error=");
                quote(sb, r.getThrown().toString());
            }
            return sb.append('\n').toString();
        }

        private static String name(Level l) {
            if (l.intValue() >= Level.SEVERE.intValue()) {
                return "error";
            }
            if (l.intValue() >= Level.WARNING.intValue()) {
                return "warning";
            }
            return l.intValue() >= Level.INFO.intValue() ? "info" : "debug";
        }

        private static void quote(StringBuilder sb, String s) {
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    default -> sb.append(c);
                }
            }
            sb.append('"');
        }
    }
}
