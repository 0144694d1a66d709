package io.keelwatch.audit.source;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A log and its rotated siblings ({@code audit.log.1}, {@code audit.log.2}, ... or dated names), oldest
 * first, the log itself last. Compressed siblings are ignored: they cannot be tailed.
 */
final class RotatedFiles {

    record Entry(Path path, FileKey key, long size, long modifiedMs, long index) { }

    private final Path path;

    RotatedFiles(Path path) {
        this.path = path;
    }

    /** The rotated siblings oldest first, then the log itself when it exists. */
    List<Entry> chain() throws IOException {
        List<Entry> rotated = new ArrayList<>();
        Path dir = path.toAbsolutePath().getParent();
        String base = path.getFileName().toString();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (!rotatedName(base, name)) continue;
                Entry e = entry(p, suffixIndex(name.substring(base.length() + 1)));
                if (e != null) rotated.add(e);
            }
        }
        // Older files were last written earlier; auditd's .N suffix breaks ties (higher is older).
        rotated.sort(Comparator.comparingLong(Entry::modifiedMs).thenComparing(Comparator.comparingLong(Entry::index).reversed()));
        Entry live = entry(path, -1);
        if (live != null) {
            rotated.removeIf(e -> e.key().equals(live.key()));
            rotated.add(live);
        }
        return rotated;
    }

    /** Identities of the files rotated after {@code key}, oldest first, ending with the log itself. */
    List<FileKey> newerThan(FileKey key) throws IOException {
        List<Entry> chain = chain();
        int at = indexOf(chain, key);
        List<FileKey> out = new ArrayList<>();
        if (at < 0) {
            // Our file is gone from the directory: we cannot place it, so only the live log is known newer.
            if (!chain.isEmpty() && chain.get(chain.size() - 1).path().equals(path)) {
                out.add(chain.get(chain.size() - 1).key());
            }
            return out;
        }
        for (int i = at + 1; i < chain.size(); i++) out.add(chain.get(i).key());
        return out;
    }

    /** The newest rotated sibling starting with the line of fingerprint {@code head} and at least {@code size} long. */
    Entry copyOf(long head, long size) throws IOException {
        List<Entry> chain = chain();
        for (int i = chain.size() - 1; i >= 0; i--) {
            Entry e = chain.get(i);
            if (!e.path().equals(path) && e.size() >= size && FileHead.of(e.path()) == head) return e;
        }
        return null;
    }

    static int indexOf(List<Entry> chain, FileKey key) {
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i).key().equals(key)) return i;
        }
        return -1;
    }

    static Entry find(List<Entry> chain, FileKey key) {
        int i = indexOf(chain, key);
        return i < 0 ? null : chain.get(i);
    }

    private static Entry entry(Path p, long index) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            if (!a.isRegularFile()) return null;
            return new Entry(p, FileKey.of(p), a.size(), a.lastModifiedTime().toMillis(), index);
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code audit.log.3}, {@code audit.log-20261124}: the base, a dot or dash, then a digit. */
    private static boolean rotatedName(String base, String name) {
        if (name.length() < base.length() + 2 || !name.startsWith(base) || compressed(name)) return false;
        char sep = name.charAt(base.length());
        char first = name.charAt(base.length() + 1);
        return (sep == '.' || sep == '-') && first >= '0' && first <= '9';
    }

    private static boolean compressed(String name) {
        return name.endsWith(".gz") || name.endsWith(".xz") || name.endsWith(".zst") || name.endsWith(".bz2")
                || name.endsWith(".lz4");
    }

    private static long suffixIndex(String suffix) {
        long v = 0;
        if (suffix.isEmpty() || suffix.length() > 9) return -1;
        for (int i = 0; i < suffix.length(); i++) {
            char c = suffix.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
