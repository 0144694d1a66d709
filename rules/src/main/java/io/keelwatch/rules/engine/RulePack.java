package io.keelwatch.rules.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What identifies a set of rule texts for distribution (as falcoctl users expect): a digest of
 * exactly what is loaded (file names and contents, in load order) and the versions the files
 * declare with a {@code # version: x.y.z} comment near their top.
 */
public final class RulePack {
    private RulePack() { }

    /** {@code sha256:<hex>} over each text's name and content, in order; any change of either changes it. */
    public static String digest(List<RuleLoader.RuleText> texts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (RuleLoader.RuleText t : texts) {
                byte[] name = t.name().getBytes(StandardCharsets.UTF_8);
                byte[] text = t.text().getBytes(StandardCharsets.UTF_8);
                md.update(lengthPrefix(name.length));
                md.update(name);
                md.update(lengthPrefix(text.length));
                md.update(text);
            }
            return "sha256:" + HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    private static byte[] lengthPrefix(int n) {
        return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
    }

    /** The {@code # version:} each text declares in its first 20 lines (texts without one are left out). */
    public static Map<String, String> versions(List<RuleLoader.RuleText> texts) {
        Map<String, String> out = new LinkedHashMap<>();
        for (RuleLoader.RuleText t : texts) {
            String v = declaredVersion(t.text());
            if (v != null) {
                out.put(t.name(), v);
            }
        }
        return out;
    }

    static String declaredVersion(String text) {
        int line = 0;
        for (String l : text.split("\n", 21)) {
            if (++line > 20) {
                break;
            }
            String s = l.strip();
            if (s.startsWith("#")) {
                String body = s.substring(1).strip();
                if (body.startsWith("version:")) {
                    String v = body.substring("version:".length()).strip();
                    return v.isEmpty() ? null : v;
                }
            }
        }
        return null;
    }

    /** The shipped pack's version: the one its first file declares. */
    public static String shippedVersion() {
        List<RuleLoader.RuleText> pack = RuleLoader.defaultPack();
        Map<String, String> v = versions(pack);
        return v.isEmpty() ? "unversioned" : v.values().iterator().next();
    }
}
