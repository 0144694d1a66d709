package io.keelwatch.audit.source;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The kernel's {@code struct audit_status}, as {@code AUDIT_GET} returns it. Older kernels send a
 * shorter struct: fields they lack are -1.
 *
 * @param enabled         0 off, 1 on, 2 locked until reboot
 * @param failure         0 silent, 1 printk, 2 panic
 * @param pid             the registered audit daemon's pid, 0 when none
 * @param rateLimit       messages per second, 0 unlimited
 * @param backlogLimit    queued messages before dropping (or waiting)
 * @param lost            messages the kernel dropped since boot (or the last reset)
 * @param backlog         messages queued now
 * @param featureBitmap   supported features ({@code AUDIT_FEATURE_BITMAP_*}), -1 when absent
 * @param backlogWaitTime how long a task waits for backlog room, in jiffies; -1 when absent
 */
public record AuditStatus(int enabled, int failure, int pid, long rateLimit, long backlogLimit, long lost,
                          long backlog, long featureBitmap, long backlogWaitTime) {

    static final int MASK_ENABLED = 0x1;
    static final int MASK_FAILURE = 0x2;
    static final int MASK_PID = 0x4;
    static final int MASK_RATE_LIMIT = 0x8;
    static final int MASK_BACKLOG_LIMIT = 0x10;
    static final int MASK_BACKLOG_WAIT_TIME = 0x20;
    static final int MASK_LOST = 0x40;
    static final int SIZE = 44;
    private static final int MIN_SIZE = 32;

    /** Decodes an {@code AUDIT_GET} reply payload; {@code null} when it is too short to be one. */
    static AuditStatus decode(byte[] p) {
        if (p.length < MIN_SIZE) return null;
        ByteBuffer b = ByteBuffer.wrap(p).order(ByteOrder.nativeOrder());
        return new AuditStatus(b.getInt(4), b.getInt(8), b.getInt(12), u32(b, 16), u32(b, 20), u32(b, 24),
                u32(b, 28), p.length >= 36 ? u32(b, 32) : -1, p.length >= 40 ? u32(b, 36) : -1);
    }

    private static long u32(ByteBuffer b, int off) {
        return b.getInt(off) & 0xffffffffL;
    }

    /** Encodes an {@code AUDIT_SET} payload: only the fields selected by {@code mask} count. */
    static byte[] encodeSet(int mask, int enabled, int failure, int pid, long rateLimit, long backlogLimit,
                            long backlogWaitTime) {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.nativeOrder());
        b.putInt(0, mask);
        b.putInt(4, enabled);
        b.putInt(8, failure);
        b.putInt(12, pid);
        b.putInt(16, (int) rateLimit);
        b.putInt(20, (int) backlogLimit);
        b.putInt(36, (int) backlogWaitTime);
        return b.array();
    }

    /** Whether the kernel accepts a backlog wait time ({@code AUDIT_FEATURE_BITMAP_BACKLOG_WAIT_TIME}). */
    public boolean supportsBacklogWaitTime() {
        return featureBitmap >= 0 && (featureBitmap & 0x2) != 0;
    }
}
