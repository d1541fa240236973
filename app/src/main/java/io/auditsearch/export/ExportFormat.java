package io.auditsearch.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** Writes exported events page by page into a buffer: NDJSON (the stored documents) or CSV. */
interface ExportFormat {

    /** Writes the file's start (the CSV header) into {@code out}, which then receives every event. */
    void begin(ByteArrayOutputStream out);

    /** Writes one event, read from {@code source} (positioned on the {@code _source} object's start). */
    void write(JsonParser source) throws IOException;

    /** Flushes what the page's events left buffered into {@code out}. */
    void endPage() throws IOException;

    String mediaType();

    String extension();

    /** One stored ECS document per line, copied token by token from Elasticsearch's answer (no tree built). */
    final class Ndjson implements ExportFormat {
        private static final JsonFactory JSON = new JsonFactory();
        private JsonGenerator generator;

        @Override
        public void begin(ByteArrayOutputStream out) {
            try {
                generator = JSON.createGenerator(out);
                // one document per line: no separator between root values, a newline after each
                generator.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString(""));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void write(JsonParser source) throws IOException {
            generator.copyCurrentStructure(source);
            generator.writeRaw('\n');
        }

        @Override
        public void endPage() throws IOException {
            generator.flush();
        }

        @Override
        public String mediaType() {
            return "application/x-ndjson";
        }

        @Override
        public String extension() {
            return "ndjson";
        }
    }

    /**
     * RFC 4180 CSV with a header of dotted field names. Arrays of values are joined with {@code |};
     * objects (e.g. {@code audit.details}) are written as compact JSON in their cell. Quoting is
     * Commons CSV's.
     */
    final class Csv implements ExportFormat {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final List<String> columns;
        private final List<String[]> paths;
        private OutputStreamWriter writer;
        private CSVPrinter printer;

        Csv(List<String> columns) {
            this.columns = columns;
            this.paths = columns.stream().map(c -> c.split("\\.")).toList();
        }

        @Override
        public void begin(ByteArrayOutputStream out) {
            try {
                writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                printer = new CSVPrinter(writer, CSVFormat.RFC4180.builder().setHeader(columns.toArray(String[]::new)).get());
                printer.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void write(JsonParser source) throws IOException {
            JsonNode event = JSON.readTree(source);
            List<String> row = new ArrayList<>(columns.size());
            for (String[] path : paths) {
                row.add(cell(lookup(event, path)));
            }
            printer.printRecord(row);
        }

        @Override
        public void endPage() throws IOException {
            printer.flush();
        }

        /** Follows a dotted path; a stored document may also hold a dotted key inside flattened objects. */
        private static JsonNode lookup(JsonNode node, String[] path) {
            JsonNode current = node;
            for (int i = 0; i < path.length; i++) {
                if (current == null || !current.isObject()) {
                    return null;
                }
                JsonNode next = current.get(path[i]);
                if (next == null) {
                    // the remaining path may be one dotted key (e.g. audit.details."a.b")
                    StringBuilder key = new StringBuilder(path[i]);
                    for (int j = i + 1; j < path.length && next == null; j++) {
                        key.append('.').append(path[j]);
                        next = current.get(key.toString());
                        if (next != null) {
                            i = j;
                        }
                    }
                }
                current = next;
            }
            return current;
        }

        private static String cell(JsonNode value) throws IOException {
            if (value == null || value.isNull()) {
                return "";
            }
            if (value.isValueNode()) {
                return value.asText();
            }
            if (value.isArray()) {
                boolean scalars = true;
                for (JsonNode v : value) {
                    scalars &= v.isValueNode();
                }
                if (scalars) {
                    List<String> parts = new ArrayList<>(value.size());
                    value.forEach(v -> parts.add(v.asText()));
                    return String.join("|", parts);
                }
            }
            return JSON.writeValueAsString(value);
        }

        @Override
        public String mediaType() {
            return "text/csv";
        }

        @Override
        public String extension() {
            return "csv";
        }
    }
}
