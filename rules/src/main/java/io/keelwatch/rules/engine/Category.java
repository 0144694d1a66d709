package io.keelwatch.rules.engine;

import java.util.List;

/** What kind of threat an alert is about; every match carries one. */
public enum Category {
    CONTAINER_ESCAPE("container_escape"),
    CRYPTO_MINING("crypto_mining"),
    HOST_MOUNT_ABUSE("host_mount_abuse"),
    LATERAL_PROBING("lateral_probing"),
    STALE_CONTAINER("stale_container"),
    /** Runtime threats outside the five mission categories: drift, persistence, credential access, ... */
    RUNTIME_THREAT("runtime_threat"),
    OTHER("other");

    private final String id;

    Category(String id) {
        this.id = id;
    }

    /** The name used in rule files, alerts and metrics labels. */
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }

    public static Category parse(String s) {
        for (Category c : values()) {
            if (c.id.equals(s)) {
                return c;
            }
        }
        return null;
    }

    /** The first tag naming a category, else OTHER (Falco's rules carry none). */
    public static Category fromTags(List<String> tags) {
        for (String t : tags) {
            Category c = parse(t);
            if (c != null) {
                return c;
            }
        }
        return OTHER;
    }
}
