package io.auditsearch.verify.checkpoint;

import io.auditsearch.verify.merkle.TreeHasher;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The text forms shared by tlog-proof and tlog-witness: base64 hash lines, "keyword decimal" lines. */
final class ProofLines {
    private ProofLines() {}

    /** Reads hash lines from {@code lines[from]} up to the first empty line; returns them. */
    static List<byte[]> hashesUntilBlank(List<String> lines, int from, String what) throws CheckpointException {
        List<byte[]> hashes = new ArrayList<>();
        for (int i = from; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty()) {
                return hashes;
            }
            byte[] h;
            try {
                h = Base64.getDecoder().decode(line);
            } catch (IllegalArgumentException e) {
                throw new CheckpointException(what + " line " + (i + 1) + " is not base64");
            }
            if (h.length != TreeHasher.HASH_SIZE) {
                throw new CheckpointException(what + " line " + (i + 1) + " is not a 32-byte hash");
            }
            hashes.add(h);
        }
        throw new CheckpointException(what + ": no empty line before the checkpoint");
    }

    /** The decimal after {@code keyword + " "} on a line. */
    static long keywordNumber(String line, String keyword) throws CheckpointException {
        if (!line.startsWith(keyword + " ")) {
            throw new CheckpointException("expected a line \"" + keyword + " <decimal>\", got \"" + line + "\"");
        }
        return Checkpoint.parseSize(line.substring(keyword.length() + 1));
    }

    static void appendHashes(StringBuilder out, List<byte[]> hashes) {
        for (byte[] h : hashes) {
            out.append(Base64.getEncoder().encodeToString(h)).append('\n');
        }
    }

    /** Splits text into lines; the text's final newline does not start an extra line. */
    static List<String> lines(String text) {
        return List.of(text.split("\n", -1));
    }

    /** The offset just after the {@code n}-th newline of the text. */
    static int offsetAfterLines(String text, int n) {
        int at = 0;
        for (int i = 0; i < n; i++) {
            int newline = text.indexOf('\n', at);
            if (newline < 0) {
                return text.length();
            }
            at = newline + 1;
        }
        return at;
    }
}
