package io.keelwatch.alert;

import java.util.Locale;

/**
 * How an alert is written as one JSON document, for stdout, the alerts file and the HTTP output:
 * Keelwatch's own shape ({@link AlertJson}) or Falco's JSON output ({@link FalcoJson}), which
 * falcosidekick and the tools built for Falco read unchanged.
 */
public enum AlertFormat {
    KEELWATCH {
        @Override
        public String line(Alert a) {
            return AlertJson.line(a);
        }
    },
    FALCO {
        @Override
        public String line(Alert a) {
            return FalcoJson.line(a);
        }
    };

    /** The alert as one line of JSON, without the newline. */
    public abstract String line(Alert a);

    /** {@code keelwatch} or {@code falco}, case-insensitive. */
    public static AlertFormat of(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "keelwatch" -> KEELWATCH;
            case "falco" -> FALCO;
            default -> throw new IllegalArgumentException("expected keelwatch or falco, got '" + s + "'");
        };
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
