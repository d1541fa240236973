package io.auditsearch.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/** The repository's docker-compose.yml, parsed as YAML, with typed access to its services. */
record ComposeFile(String text, Map<String, Object> root) {

    static final Path ROOT = Path.of("..");

    static ComposeFile read() {
        try {
            String text = Files.readString(ROOT.resolve("docker-compose.yml"));
            return new ComposeFile(text, new Yaml().load(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Map<String, Object> services() {
        return map(root.get("services"));
    }

    Map<String, Object> service(String name) {
        Object service = services().get(name);
        if (service == null) {
            throw new AssertionError("docker-compose.yml has no service " + name + "; it has " + services().keySet());
        }
        return map(service);
    }

    /** A service's environment, whether written as a list of {@code K=V} or as a map. */
    Map<String, String> environment(String service) {
        Object env = service(service).get("environment");
        Map<String, String> vars = new LinkedHashMap<>();
        if (env instanceof List<?> list) {
            for (Object entry : list) {
                String s = String.valueOf(entry);
                int eq = s.indexOf('=');
                vars.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            }
        } else if (env instanceof Map<?, ?> m) {
            m.forEach((k, v) -> vars.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        }
        return vars;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        if (!(o instanceof Map<?, ?>)) {
            throw new AssertionError("expected a mapping, found " + o);
        }
        return (Map<String, Object>) o;
    }
}
