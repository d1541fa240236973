package io.auditsearch.event;

import com.fasterxml.jackson.core.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An output made of an input's bytes, copied in runs, with other bytes put between them: what
 * {@link StreamedEvent} stores. Positions in the input come from the parser reading it.
 */
final class SplicedCopy {

    private final byte[] in;
    private final int base;
    private byte[] out;
    private int size;
    private int copied;

    /**
     * @param in   the input; the parser reads it from {@code base}
     * @param room the output's first capacity
     */
    SplicedCopy(byte[] in, int base, int room) {
        this.in = in;
        this.base = base;
        this.out = new byte[room];
    }

    /** Where the parser's current token starts, in the input. */
    int tokenStart(JsonParser p) {
        return base + (int) p.currentTokenLocation().getByteOffset();
    }

    /** Where the parser stands, in the input: after a string whose text was read, just past its closing quote. */
    int position(JsonParser p) {
        return base + (int) p.currentLocation().getByteOffset();
    }

    /** The output's length so far. */
    int size() {
        return size;
    }

    /** Copies the input up to {@code to} (exclusive). */
    void copyTo(int to) {
        append(in, copied, to - copied);
        copied = to;
    }

    /** Leaves out the input up to {@code to}. */
    void skipTo(int to) {
        copied = to;
    }

    /** Replaces the input from {@code from} to {@code to} by {@code value}. */
    void replace(int from, int to, byte[] value) {
        copyTo(from);
        append(value, 0, value.length);
        skipTo(to);
    }

    void append(byte[] bytes, int offset, int length) {
        if (size + length > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, size + length));
        }
        System.arraycopy(bytes, offset, out, size, length);
        size += length;
    }

    void append(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        append(bytes, 0, bytes.length);
    }

    /** Takes out the output's byte at {@code at}. */
    void removeAt(int at) {
        System.arraycopy(out, at + 1, out, at, size - at - 1);
        size--;
    }

    /** Puts {@code text} into the output at {@code at}, before what was written from there on. */
    void insert(int at, String text) {
        byte[] tail = Arrays.copyOfRange(out, at, size);
        size = at;
        append(text);
        append(tail, 0, tail.length);
    }

    byte[] toArray() {
        return Arrays.copyOf(out, size);
    }
}
