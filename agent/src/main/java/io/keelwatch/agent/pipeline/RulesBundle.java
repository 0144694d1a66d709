package io.keelwatch.agent.pipeline;

import io.keelwatch.rules.engine.RuleLoader.RuleText;
import io.keelwatch.rules.engine.RuleLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules as one text, the content of a rules {@link io.keelwatch.input.HostInput.ConfigChange}: each
 * file's text after a marker line naming it, in load order. The journal records it; replay decodes it
 * back into the same files, so locations in messages stay those of the original files.
 */
public final class RulesBundle {
    static final String MARKER = "# keelwatch-rules-file: ";

    private RulesBundle() { }

    public static String encode(List<RuleText> files) {
        StringBuilder sb = new StringBuilder();
        for (RuleText t : files) {
            sb.append(MARKER).append(t.name()).append('\n').append(t.text());
            if (!t.text().endsWith("\n")) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** The files of a bundle; text before the first marker (none when encoded here) is ignored. */
    public static List<RuleText> decode(String bundle) {
        List<RuleText> out = new ArrayList<>();
        String name = null;
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < bundle.length()) {
            int nl = bundle.indexOf('\n', i);
            int end = nl < 0 ? bundle.length() : nl + 1;
            String line = bundle.substring(i, end);
            if (line.startsWith(MARKER)) {
                if (name != null) {
                    out.add(new RuleText(name, text.toString()));
                }
                name = line.substring(MARKER.length()).strip();
                text.setLength(0);
            } else if (name != null) {
                text.append(line);
            }
            i = end;
        }
        if (name != null) {
            out.add(new RuleText(name, text.toString()));
        }
        return out;
    }

    /** The shipped pack as a bundle. */
    public static String shippedPack() {
        return encode(RuleLoader.defaultPack());
    }
}
