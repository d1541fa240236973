package io.auditsearch.verify.export;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The export-with-proof format (NDJSON, one JSON object per line, UTF-8):
 *
 * <pre>
 * {"event":{...stored event...},"integrity":{"leaf_index":N,"inclusion":["base64", ...]}}
 * ...
 * {"checkpoint":"origin\nsize\nroot\n\n— key signature\n"}
 * </pre>
 *
 * Each event line holds the stored event document and its leaf's inclusion proof (RFC 9162, from
 * the leaf's sibling up) in the tree of the checkpoint that ends the file, a C2SP signed checkpoint
 * as a JSON string. The leaf entry is the RFC 8785 canonical UTF-8 of the {@code event} object.
 * Together, one event line and the checkpoint make a C2SP tlog-proof.
 */
public final class ExportFormat {
    public static final String EVENT = "event";
    public static final String INTEGRITY = "integrity";
    public static final String LEAF_INDEX = "leaf_index";
    public static final String INCLUSION = "inclusion";
    public static final String CHECKPOINT = "checkpoint";

    private ExportFormat() {}

    /** One event line (with its newline) for an event already in canonical form. */
    public static byte[] eventLine(byte[] canonicalEvent, long leafIndex, List<byte[]> inclusion) {
        StringBuilder tail = new StringBuilder(64 + inclusion.size() * 47);
        tail.append(",\"" + INTEGRITY + "\":{\"" + LEAF_INDEX + "\":").append(leafIndex).append(",\"" + INCLUSION + "\":[");
        for (int i = 0; i < inclusion.size(); i++) {
            tail.append(i == 0 ? "\"" : ",\"").append(Base64.getEncoder().encodeToString(inclusion.get(i))).append('"');
        }
        tail.append("]}}\n");
        byte[] head = ("{\"" + EVENT + "\":").getBytes(StandardCharsets.US_ASCII);
        byte[] end = tail.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] line = new byte[head.length + canonicalEvent.length + end.length];
        System.arraycopy(head, 0, line, 0, head.length);
        System.arraycopy(canonicalEvent, 0, line, head.length, canonicalEvent.length);
        System.arraycopy(end, 0, line, head.length + canonicalEvent.length, end.length);
        return line;
    }

    /** The last line: the signed checkpoint note as a JSON string. */
    public static byte[] checkpointLine(String signedCheckpoint) {
        StringBuilder out = new StringBuilder("{\"" + CHECKPOINT + "\":\"");
        for (int i = 0; i < signedCheckpoint.length(); i++) {
            char c = signedCheckpoint.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append("\"}\n").toString().getBytes(StandardCharsets.UTF_8);
    }
}
