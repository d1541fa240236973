package io.auditsearch.verify.checkpoint;

import io.auditsearch.verify.merkle.TreeHasher;
import java.util.Base64;
import java.util.List;

/**
 * The body of a C2SP tlog-checkpoint: origin line, tree size in decimal, base64 root hash, and
 * optional non-empty extension lines, each ending in a newline.
 */
public record Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {
    public Checkpoint {
        extensions = List.copyOf(extensions);
        if (origin.isEmpty() || origin.contains("\n")) {
            throw new IllegalArgumentException("the origin is one non-empty line");
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative tree size");
        }
        if (rootHash.length != TreeHasher.HASH_SIZE) {
            throw new IllegalArgumentException("the root hash has 32 bytes");
        }
        for (String e : extensions) {
            if (e.isEmpty() || e.contains("\n")) {
                throw new IllegalArgumentException("extension lines are non-empty single lines");
            }
        }
        rootHash = rootHash.clone();
    }

    public Checkpoint(String origin, long size, byte[] rootHash) {
        this(origin, size, rootHash, List.of());
    }

    /** Parses a note text as a checkpoint. */
    public static Checkpoint parse(String text) throws CheckpointException {
        if (!text.endsWith("\n")) {
            throw new CheckpointException("a checkpoint's text ends in a newline");
        }
        List<String> lines = List.of(text.substring(0, text.length() - 1).split("\n", -1));
        if (lines.size() < 3) {
            throw new CheckpointException("a checkpoint has an origin, a size and a root hash line");
        }
        String origin = lines.get(0);
        if (origin.isEmpty()) {
            throw new CheckpointException("empty origin line");
        }
        long size = parseSize(lines.get(1));
        byte[] root;
        try {
            root = Base64.getDecoder().decode(lines.get(2));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("root hash is not base64");
        }
        if (root.length != TreeHasher.HASH_SIZE) {
            throw new CheckpointException("root hash has " + root.length + " bytes, not 32");
        }
        List<String> extensions = lines.subList(3, lines.size());
        if (extensions.stream().anyMatch(String::isEmpty)) {
            throw new CheckpointException("empty extension line");
        }
        return new Checkpoint(origin, size, root, extensions);
    }

    /** An ASCII decimal without leading zeroes. */
    static long parseSize(String s) throws CheckpointException {
        if (s.isEmpty() || s.length() > 19 || !s.chars().allMatch(c -> c >= '0' && c <= '9')
                || (s.length() > 1 && s.charAt(0) == '0')) {
            throw new CheckpointException("not a tree size (decimal, no leading zeroes): " + s);
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new CheckpointException("tree size too large: " + s);
        }
    }

    /** The note text. */
    public String text() {
        StringBuilder out = new StringBuilder(origin).append('\n').append(size).append('\n')
                .append(Base64.getEncoder().encodeToString(rootHash)).append('\n');
        extensions.forEach(e -> out.append(e).append('\n'));
        return out.toString();
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && c.text().equals(text());
    }

    @Override
    public int hashCode() {
        return text().hashCode();
    }

    @Override
    public String toString() {
        return origin + " @ " + size;
    }
}
