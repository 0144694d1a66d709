package io.keelwatch.rules.engine;

import io.keelwatch.rules.lang.Location;

/**
 * What became of one rule: what {@code keelwatch rules list} prints.
 *
 * @param reason why a rule is skipped or disabled, else empty
 */
public record RuleStatus(String rule, Location location, State state, Category category, String reason) {

    public enum State {
        LOADED, DISABLED, SKIPPED;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public String file() {
        return location.file();
    }
}
