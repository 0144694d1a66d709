package io.keelwatch.audit;

/**
 * The keys of the last N emitted events, to recognise a record that arrives after its event was emitted
 * (a late PROCTITLE). Open addressing over 64-bit key hashes with a ring for eviction: no allocation per event.
 */
final class RecentEvents {
    private final long[] ring;
    private final long[] table;
    private final int tableMask;
    private int head;
    private int size;

    RecentEvents(int capacity) {
        ring = new long[capacity];
        int t = Integer.highestOneBit(capacity * 4 - 1) << 1;
        table = new long[t];
        tableMask = t - 1;
    }

    static long key(String node, long timestampMs, long serial) {
        long h = serial * 0x9E3779B97F4A7C15L ^ timestampMs * 0xC2B2AE3D27D4EB4FL;
        if (node != null) {
            h ^= node.hashCode() * 0x165667B19E3779F9L;
        }
        return h == 0 ? 1 : h;
    }

    boolean contains(long key) {
        for (int i = slot(key); table[i] != 0; i = (i + 1) & tableMask) {
            if (table[i] == key) {
                return true;
            }
        }
        return false;
    }

    void add(long key) {
        if (contains(key)) {
            return;
        }
        if (size == ring.length) {
            remove(ring[head]);
        } else {
            size++;
        }
        ring[head] = key;
        head = (head + 1) % ring.length;
        int i = slot(key);
        while (table[i] != 0) {
            i = (i + 1) & tableMask;
        }
        table[i] = key;
    }

    private int slot(long key) {
        return (int) (key ^ (key >>> 32)) & tableMask;
    }

    /** Linear-probing delete with backward shift, so no tombstones accumulate. */
    private void remove(long key) {
        int i = slot(key);
        while (table[i] != key) {
            if (table[i] == 0) {
                return;
            }
            i = (i + 1) & tableMask;
        }
        int j = i;
        while (true) {
            j = (j + 1) & tableMask;
            if (table[j] == 0) {
                break;
            }
            int home = slot(table[j]);
            boolean between = i <= j ? (i < home && home <= j) : (i < home || home <= j);
            if (!between) {
                table[i] = table[j];
                i = j;
            }
        }
        table[i] = 0;
    }
}
