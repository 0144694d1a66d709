package io.keelwatch.rules.lang;

/**
 * The Falco engine version whose rule language this loader reads, and the check of a file's
 * {@code required_engine_version} against it. Falco accepts an unsigned integer {@code N} (meaning
 * {@code 0.N.0}) or an {@code x.y.z} semver string; anything else is an error, and so is a version
 * newer than this engine's.
 */
public final class EngineVersion {
    private EngineVersion() { }

    /** Falco's engine version at the libs/falco commits the conformance suite records. */
    public static final String DECLARED = "0.63.0";

    /** The three parts of {@code text}, or null when Falco would not parse it. */
    static long[] parse(String text) {
        String t = text.strip();
        if (t.matches("[0-9]{1,10}")) {
            long n = Long.parseLong(t);
            return n > 0xFFFFFFFFL ? null : new long[] {0, n, 0};
        }
        if (!t.matches("[0-9]{1,9}\\.[0-9]{1,9}\\.[0-9]{1,9}")) {
            return null;
        }
        String[] p = t.split("\\.");
        return new long[] {Long.parseLong(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2])};
    }

    /** Null when {@code required} is satisfied, else the message Falco gives (in its words). */
    static String check(String required) {
        long[] r = parse(required);
        if (r == null) {
            return "Unable to parse engine version '" + required + "' as a semver string. Expected \"x.y.z\" semver format.";
        }
        long[] d = parse(DECLARED);
        for (int k = 0; k < 3; k++) {
            if (r[k] != d[k]) {
                return r[k] > d[k] ? "Rules require engine version " + r[0] + "." + r[1] + "." + r[2]
                        + ", but engine version is " + DECLARED : null;
            }
        }
        return null;
    }
}
