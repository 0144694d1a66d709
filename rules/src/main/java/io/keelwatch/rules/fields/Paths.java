package io.keelwatch.rules.fields;

/** Path text helpers; all allocation-free when nothing needs to change. */
public final class Paths {
    private Paths() { }

    /** {@code name} made absolute against {@code cwd} when relative; {@code ..} and {@code .} are kept. */
    public static String absolute(String name, String cwd) {
        if (name == null || name.isEmpty() || name.charAt(0) == '/' || cwd == null || cwd.isEmpty()) {
            return name;
        }
        if (name.startsWith("./")) {
            name = name.substring(2);
        }
        return cwd.endsWith("/") ? cwd + name : cwd + "/" + name;
    }

    public static String dirname(String p) {
        if (p == null) {
            return null;
        }
        int i = p.lastIndexOf('/');
        if (i < 0) {
            return ".";
        }
        return i == 0 ? "/" : p.substring(0, i);
    }

    public static String basename(String p) {
        if (p == null) {
            return null;
        }
        int i = p.lastIndexOf('/');
        return i < 0 ? p : p.substring(i + 1);
    }
}
