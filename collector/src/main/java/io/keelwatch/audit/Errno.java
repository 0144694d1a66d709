package io.keelwatch.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Linux errno names for negative syscall exits ({@code -13} is {@code EACCES}); table {@code errno.txt} from libaudit. */
public final class Errno {
    private static final String[] NAMES = load();

    private Errno() { }

    /** The name for a syscall exit value: {@code EACCES} for -13; {@code null} for non-negative or unknown values. */
    public static String forExit(long exit) {
        if (exit >= 0 || exit < -NAMES.length + 1) {
            return null;
        }
        return NAMES[(int) -exit];
    }

    private static String[] load() {
        String[] names = new String[4096];
        int max = 0;
        try (InputStream in = Errno.class.getResourceAsStream("errno.txt");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int sp = line.indexOf(' ');
                int nr = Integer.parseInt(line.substring(0, sp));
                names[nr] = line.substring(sp + 1).trim();
                max = Math.max(max, nr);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Kernel-internal codes that leak to user space through audit (ERESTARTSYS and friends).
        names[512] = "ERESTARTSYS";
        names[513] = "ERESTARTNOINTR";
        names[514] = "ERESTARTNOHAND";
        names[515] = "ENOIOCTLCMD";
        names[516] = "ERESTART_RESTARTBLOCK";
        return java.util.Arrays.copyOf(names, Math.max(max, 516) + 1);
    }
}
