package io.keelwatch.container;

/**
 * Finds the container id in {@code /proc/PID/cgroup} text. Runtimes name a container's cgroup after
 * its 64-hex id, with a runtime prefix and, under systemd, a {@code .scope} suffix:
 * <ul>
 *   <li>Docker, cgroupfs driver: {@code /docker/ID} (cgroup v1 and v2)</li>
 *   <li>Docker, systemd driver: {@code /system.slice/docker-ID.scope}</li>
 *   <li>containerd/CRI: {@code /kubepods/besteffort/podUID/ID},
 *       {@code /kubepods.slice/.../cri-containerd-ID.scope}</li>
 *   <li>CRI-O: {@code crio-ID.scope}; podman: {@code libpod-ID.scope}</li>
 * </ul>
 * The id is the deepest path fragment that ends in 64 hex digits after a non-hex character (or is
 * exactly 64 hex digits). {@code conmon} scopes ({@code crio-conmon-ID}, {@code libpod-conmon-ID})
 * hold the runtime's monitor, a host process, and are not containers. Works on the text without
 * regex or per-fragment strings; only the answer is allocated.
 */
public final class CgroupParser {
    private static final int ID_LENGTH = 64;
    private static final String SCOPE = ".scope";
    private static final String CONMON = "conmon-";

    private CgroupParser() {
    }

    /** The container id named by the cgroup text, or {@code null} for a host process (or no text). */
    public static String containerId(CharSequence text) {
        if (text == null) {
            return null;
        }
        int n = text.length();
        int lineStart = 0;
        while (lineStart < n) {
            int lineEnd = indexOf(text, '\n', lineStart, n);
            String id = fromLine(text, lineStart, lineEnd);
            if (id != null) {
                return id;
            }
            lineStart = lineEnd + 1;
        }
        return null;
    }

    /** {@code hierarchy-ID:controllers:path}: the id in the path, deepest fragment first. */
    private static String fromLine(CharSequence text, int start, int end) {
        int firstColon = indexOf(text, ':', start, end);
        if (firstColon >= end) {
            return null;
        }
        int pathStart = indexOf(text, ':', firstColon + 1, end) + 1;
        if (pathStart > end) {
            return null;
        }
        int fragEnd = end;
        while (fragEnd > pathStart) {
            int fragStart = lastIndexOf(text, '/', pathStart, fragEnd) + 1;
            String id = fromFragment(text, fragStart, fragEnd);
            if (id != null) {
                return id;
            }
            fragEnd = fragStart - 1;
        }
        return null;
    }

    private static String fromFragment(CharSequence text, int start, int end) {
        if (endsWith(text, start, end, SCOPE)) {
            end -= SCOPE.length();
        }
        if (end - start < ID_LENGTH) {
            return null;
        }
        int idStart = end - ID_LENGTH;
        for (int i = idStart; i < end; i++) {
            if (!isHex(text.charAt(i))) {
                return null;
            }
        }
        if (idStart > start) {
            if (isHex(text.charAt(idStart - 1))) {
                return null;
            }
            if (endsWith(text, start, idStart, CONMON)) {
                return null;
            }
        }
        return text.subSequence(idStart, end).toString();
    }

    private static boolean endsWith(CharSequence text, int start, int end, String suffix) {
        int len = suffix.length();
        if (end - start < len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (text.charAt(end - len + i) != suffix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    private static int indexOf(CharSequence text, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return to;
    }

    private static int lastIndexOf(CharSequence text, char c, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return from - 1;
    }
}
