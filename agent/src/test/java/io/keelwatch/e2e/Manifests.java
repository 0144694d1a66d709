package io.keelwatch.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The Kubernetes manifests under packaging/kubernetes (rendered by kustomize), as JSON trees, and the schema they must satisfy. */
final class Manifests {

    /** One YAML document and where it came from. */
    record Doc(Path file, int index, JsonNode node) {
        String kind() {
            return node.path("kind").asText();
        }

        String name() {
            return node.path("metadata").path("name").asText();
        }

        @Override
        public String toString() {
            return file.getFileName() + "#" + index + " (" + kind() + " " + name() + ")";
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();

    private Manifests() {}

    /**
     * The objects a directory gives: a kustomization rendered by {@code kubectl kustomize} (a directory with a
     * {@code base/} kustomization renders that), else its *.yaml files as they are.
     */
    static List<Doc> load(Path dir) throws IOException {
        if (Files.exists(dir.resolve("kustomization.yaml"))) {
            return render(dir);
        }
        if (Files.exists(dir.resolve("base/kustomization.yaml"))) {
            return render(dir.resolve("base"));
        }
        List<Doc> docs = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path f : files) {
            int i = 0;
            for (Object o : new Yaml(new LoaderOptions()).loadAll(Files.readString(f))) {
                if (o != null) {
                    docs.add(new Doc(f, i++, JSON.valueToTree(o)));
                }
            }
        }
        return docs;
    }

    /** {@code kubectl kustomize DIR}: the objects as applied. */
    static List<Doc> render(Path kustomization) {
        Cmd.Result r = Cmd.run(java.time.Duration.ofMinutes(1), null, List.of("kubectl", "kustomize",
                kustomization.toString()));
        if (r.exit() != 0) {
            throw new AssertionError("kubectl kustomize " + kustomization + " failed:\n" + r.err());
        }
        List<Doc> docs = new ArrayList<>();
        int i = 0;
        for (Object o : new Yaml(new LoaderOptions()).loadAll(r.out())) {
            if (o != null) {
                docs.add(new Doc(kustomization.resolve("kustomization.yaml"), i++, JSON.valueToTree(o)));
            }
        }
        return docs;
    }

    static JsonNode yaml(String text) {
        return JSON.valueToTree(new Yaml(new LoaderOptions()).load(text));
    }

    static JsonSchema schema() {
        try (InputStream in = Manifests.class.getResourceAsStream("kubernetes-subset.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("kubernetes-subset.schema.json missing from the test resources");
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<ValidationMessage> validate(JsonNode node) {
        return schema().validate(node);
    }

    static Doc only(List<Doc> docs, String kind) {
        List<Doc> of = docs.stream().filter(d -> d.kind().equals(kind)).toList();
        if (of.size() != 1) {
            throw new AssertionError("expected exactly one " + kind + ", found " + of);
        }
        return of.get(0);
    }
}
