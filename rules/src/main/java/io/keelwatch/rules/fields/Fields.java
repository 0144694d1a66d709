package io.keelwatch.rules.fields;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The field catalogue: every field a condition or output may name, mapped onto audit events
 * ({@link EventFields}, {@link ProcessFields}) and container state ({@link ContainerFields}). A name
 * not in here is one this source cannot provide: rules naming it are skipped, not failed.
 */
public final class Fields {
    private static final Map<String, FieldDef> ALL;
    /** Descriptions kept beside the registrations (a resource, so registering a field stays one line). */
    private static final Map<String, String> DESCRIPTIONS = descriptions();

    static {
        Table t = new Table();
        EventFields.register(t);
        ProcessFields.register(t);
        ContainerFields.register(t);
        ALL = Collections.unmodifiableMap(t.map);
    }

    private Fields() { }

    private static Map<String, String> descriptions() {
        Map<String, String> out = new java.util.HashMap<>();
        try (java.io.InputStream in = Fields.class.getResourceAsStream("/keelwatch/field-descriptions.tsv")) {
            if (in == null) {
                throw new IllegalStateException("missing resource keelwatch/field-descriptions.tsv (the rules jar is incomplete)");
            }
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                int tab = line.indexOf('\t');
                if (!line.startsWith("#") && tab > 0) {
                    out.put(line.substring(0, tab), line.substring(tab + 1).strip());
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    /** Every field, in registration order. */
    public static java.util.Collection<FieldDef> all() {
        return ALL.values();
    }

    /** The field, or {@code null} when this source has no such field. */
    public static FieldDef lookup(String name) {
        return ALL.get(name);
    }

    public static Set<String> names() {
        return ALL.keySet();
    }

    /** Renders a bound field's value for an output: {@code <NA>} when absent. */
    public static String render(FieldDef.Bound b, EvalContext c) {
        return b.extractor().accept(new Extractor.Visitor<String>() {
            @Override
            public String str(Extractor.Str s) {
                String v = s.get(c);
                return v == null ? "<NA>" : v;
            }

            @Override
            public String num(Extractor.Num n) {
                long v = n.get(c);
                if (v == Extractor.MISSING) {
                    return "<NA>";
                }
                return b.type() == FieldType.BOOL ? (v != 0 ? "true" : "false") : Long.toString(v);
            }

            @Override
            public String multi(Extractor.Multi m) {
                List<String> l = m.get(c);
                return l.isEmpty() ? "<NA>" : String.join(",", l);
            }
        });
    }

    /** Registration helper used by the field groups. */
    static final class Table {
        static final Set<Source> EVENT = EnumSet.of(Source.SYSCALL);
        /** Container fields: every source has a container. */
        static final Set<Source> BOTH = EnumSet.of(Source.SYSCALL, Source.INVENTORY, Source.CONTAINER);
        /** What a container's whole state gives (the tag's image now): inventory and lifecycle events. */
        static final Set<Source> INVENTORY = EnumSet.of(Source.INVENTORY, Source.CONTAINER);
        /** What only a lifecycle event gives (the exec session). */
        static final Set<Source> LIFECYCLE = EnumSet.of(Source.CONTAINER);
        /** Event identity: audit events and lifecycle events. */
        static final Set<Source> TYPED = EnumSet.of(Source.SYSCALL, Source.CONTAINER);

        final Map<String, FieldDef> map = new LinkedHashMap<>();

        void add(String name, FieldDef.Arg arg, Set<Source> src, FieldDef.Binder b) {
            add(name, arg, src, FieldDef.Traits.NONE, b);
        }

        void add(String name, FieldDef.Arg arg, Set<Source> src, FieldDef.Traits traits, FieldDef.Binder b) {
            if (map.put(name, new FieldDef(name, arg, src, b, DESCRIPTIONS.getOrDefault(name, ""), traits)) != null) {
                throw new IllegalStateException("duplicate field " + name);
            }
        }

        void str(String name, Set<Source> src, Extractor.Str x) {
            str(name, src, FieldDef.Traits.NONE, x);
        }

        void str(String name, Set<Source> src, FieldDef.Traits traits, Extractor.Str x) {
            FieldDef.Bound b = new FieldDef.Bound(FieldType.STRING, x);
            add(name, FieldDef.Arg.NONE, src, traits, a -> b);
        }

        void ip(String name, Extractor.Str x) {
            ip(name, FieldDef.Traits.NONE, x);
        }

        void ip(String name, FieldDef.Traits traits, Extractor.Str x) {
            FieldDef.Bound b = new FieldDef.Bound(FieldType.IP, x);
            add(name, FieldDef.Arg.NONE, EVENT, traits, a -> b);
        }

        void num(String name, Set<Source> src, Extractor.Num x) {
            num(name, src, FieldDef.Traits.NONE, x);
        }

        void num(String name, Set<Source> src, FieldDef.Traits traits, Extractor.Num x) {
            FieldDef.Bound b = new FieldDef.Bound(FieldType.NUMBER, x);
            add(name, FieldDef.Arg.NONE, src, traits, a -> b);
        }

        void bool(String name, Set<Source> src, Extractor.Num x) {
            bool(name, src, FieldDef.Traits.NONE, x);
        }

        void bool(String name, Set<Source> src, FieldDef.Traits traits, Extractor.Num x) {
            FieldDef.Bound b = new FieldDef.Bound(FieldType.BOOL, x);
            add(name, FieldDef.Arg.NONE, src, traits, a -> b);
        }

        void list(String name, Set<Source> src, Extractor.Multi x) {
            FieldDef.Bound b = new FieldDef.Bound(FieldType.LIST, x);
            add(name, FieldDef.Arg.NONE, src, a -> b);
        }

        static long bool(boolean v) {
            return v ? 1 : 0;
        }

        static int index(String arg) {
            try {
                int n = Integer.parseInt(arg.trim());
                if (n < 0) {
                    throw new IllegalArgumentException("negative index [" + arg + "]");
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("index must be a number, not [" + arg + "]");
            }
        }
    }
}
