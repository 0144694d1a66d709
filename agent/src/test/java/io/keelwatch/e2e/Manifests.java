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

/** The Kubernetes manifests under packaging/kubernetes, loaded as JSON trees, and the schema they must satisfy. */
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

    static List<Doc> load(Path dir) throws IOException {
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
