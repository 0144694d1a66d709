package io.keelwatch.rules.fields;

/** Splits an image reference {@code [registry/]repo[:tag][@digest]} as Docker does. */
final class ImageRef {
    private ImageRef() { }

    static String repository(String ref) {
        if (ref == null || ref.isEmpty()) {
            return null;
        }
        String r = stripDigest(ref);
        int colon = tagColon(r);
        return colon < 0 ? r : r.substring(0, colon);
    }

    static String tag(String ref) {
        if (ref == null || ref.isEmpty()) {
            return null;
        }
        String r = stripDigest(ref);
        int colon = tagColon(r);
        if (colon >= 0) {
            return r.substring(colon + 1);
        }
        return ref.indexOf('@') >= 0 ? null : "latest";
    }

    static String digest(String ref) {
        if (ref == null) {
            return null;
        }
        int at = ref.indexOf('@');
        return at < 0 ? null : ref.substring(at + 1);
    }

    private static String stripDigest(String ref) {
        int at = ref.indexOf('@');
        return at < 0 ? ref : ref.substring(0, at);
    }

    /** The colon before a tag: after the last slash (a registry port's colon comes before it). */
    private static int tagColon(String r) {
        int colon = r.lastIndexOf(':');
        return colon > r.lastIndexOf('/') ? colon : -1;
    }
}
