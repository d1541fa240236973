package io.auditsearch.verify.export;

import io.auditsearch.verify.note.SignerKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Exports of made-up ECS audit events for the tests. */
public final class ExportFixture {
    public static final String ORIGIN = "audit-search.example/log";

    private ExportFixture() {}

    public static String eventId(long i) {
        return String.format("0190a1b2-c3d4-7e5f-8000-%012d", i);
    }

    public static byte[] event(long i) {
        return ("{\"@timestamp\":\"2025-01-0" + (1 + i % 9) + "T10:00:00.000Z\",\"event\":{\"id\":\"" + eventId(i)
                + "\",\"action\":\"user.login\",\"kind\":\"event\",\"outcome\":\"" + (i % 7 == 0 ? "failure" : "success")
                + "\"},\"user\":{\"name\":\"user" + (i % 100) + "\"},\"source\":{\"ip\":\"10.0." + (i % 250) + ".1\"},"
                + "\"audit\":{\"details\":{\"attempt\":" + (i % 5) + ",\"ratio\":" + (i % 3) / 4.0 + "}},"
                + "\"message\":\"login \\u00e9v\\u00e9nement " + i + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** Writes an export of {@code count} events signed by {@code key}; returns its lines. */
    public static List<String> write(Path file, long count, SignerKey key) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportWriter.writeWholeLog(out, count, ExportFixture::event, ORIGIN, List.of(key));
        Files.write(file, out.toByteArray());
        return new ArrayList<>(List.of(out.toString(StandardCharsets.UTF_8).split("\n")));
    }

    public static void rewrite(Path file, List<String> lines) throws Exception {
        Files.writeString(file, String.join("\n", lines) + "\n");
    }
}
