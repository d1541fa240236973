package io.auditsearch.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import io.auditsearch.support.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** One line of a shipped {@code dashboards/*.ndjson} file: a Kibana saved object. */
record SavedObject(Path file, int line, JsonNode json) {

    static final Path DASHBOARDS = Path.of("..", "dashboards");

    /** Every saved object of every NDJSON file under {@code dashboards/}, in file and line order. */
    static List<SavedObject> all() {
        List<SavedObject> objects = new ArrayList<>();
        for (Path file : files()) {
            List<String> lines = read(file);
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).isBlank()) {
                    objects.add(new SavedObject(file, i + 1, Json.parse(lines.get(i))));
                }
            }
        }
        return objects;
    }

    static List<Path> files() {
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".ndjson")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String id() {
        return json.path("id").asText();
    }

    String type() {
        return json.path("type").asText();
    }

    JsonNode attributes() {
        return json.path("attributes");
    }

    JsonNode references() {
        return json.path("references");
    }

    /** The dashboard's panels, parsed from the {@code panelsJSON} string Kibana stores. */
    JsonNode panels() {
        return Json.parse(attributes().path("panelsJSON").asText());
    }

    /** The {@code searchSourceJSON} string of a dashboard or saved search, parsed. */
    JsonNode searchSource() {
        return Json.parse(attributes().path("kibanaSavedObjectMeta").path("searchSourceJSON").asText("{}"));
    }

    @Override
    public String toString() {
        return type() + " " + id() + " (" + file.getFileName() + ":" + line + ")";
    }
}
