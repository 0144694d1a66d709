package io.keelwatch.journal;

import io.keelwatch.input.HostInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A writer process for the crash test: appends numbered audit lines as fast as it can, syncing
 * every few ms, and prints {@code synced N} after each fsync point that covered input N. It never
 * stops by itself; the test kills it with SIGKILL.
 */
public final class CrashWriterMain {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long firstSeq = Long.parseLong(args[1]);
        JournalConfig config = JournalConfig.defaults(dir).withReserveBytes(0).withSyncInterval(Duration.ofMillis(5));
        try (JournalWriter w = JournalWriter.open(config)) {
            System.out.println("open");
            System.out.flush();
            long syncs = 0;
            for (long seq = firstSeq; ; seq++) {
                if (!w.append(line(seq))) {
                    throw new IllegalStateException("dropped " + seq + ": " + w.stats());
                }
                long s = w.stats().syncs();
                if (s != syncs) {
                    syncs = s;
                    System.out.println("synced " + seq);
                    System.out.flush();
                }
            }
        }
    }

    static HostInput.AuditLine line(long seq) {
        String text = "type=SYSCALL msg=audit(1795529065.085:" + seq + "): arch=c000003e syscall=59 success=yes"
                + " exit=0 items=2 ppid=1 pid=" + seq + " comm=\"crash\" exe=\"/usr/bin/crash\" key=\"kw_exec\"";
        return new HostInput.AuditLine(1_795_529_065_085L + seq / 1000, "crash", text.getBytes(StandardCharsets.US_ASCII));
    }

    static long seqOf(HostInput in) {
        String s = new String(((HostInput.AuditLine) in).line(), StandardCharsets.US_ASCII);
        int at = s.indexOf(":", s.indexOf("audit(")) + 1;
        return Long.parseLong(s.substring(at, s.indexOf(')', at)));
    }
}
