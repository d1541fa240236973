package io.auditsearch.search;

/**
 * Where a JSON string or object that starts at a given byte ends, for reading Elasticsearch's answer without
 * tokenizing the stored documents in it. Each scan looks only at {@code a[i..limit)} and answers -1 when the value
 * does not end there (the rest has not arrived yet).
 */
final class JsonScan {

    private JsonScan() {
    }

    // Eight bytes at a time ("SWAR"): a document is mostly strings, and looking at each byte in turn was most of a
    // page's cost. matches(w, P) has the high bit set in the lowest byte of w equal to P's (higher bytes may be false).
    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';
    private static final long CASE = ONES * 0x20; // '[' | 0x20 is '{', ']' | 0x20 is '}', and no other byte becomes either
    private static final long OPENS = ONES * '{';
    private static final long CLOSES = ONES * '}';
    private static final long LOWS7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long GATHER = 0x0102040810204080L; // the low bit of each byte, gathered into the top byte

    private static long matches(long word, long pattern) {
        long x = word ^ pattern;
        return (x - ONES) & ~x & HIGHS;
    }

    /** The closing quote of the string whose opening quote is at {@code i}, or -1. */
    static int endOfString(byte[] a, int i, int limit) {
        int k = i + 1;
        while (k < limit) {
            if (k + 8 <= limit) {
                long w = (long) LONGS.get(a, k);
                long m = matches(w, QUOTES) | matches(w, BACKSLASHES);
                if (m == 0) {
                    k += 8;
                    continue;
                }
                k += Long.numberOfTrailingZeros(m) >>> 3;
            }
            if (a[k] == '\\') {
                k += 2; // the escaped byte, whatever it is
            } else if (a[k] == '"') {
                return k;
            } else {
                k++;
            }
        }
        return -1;
    }

    /**
     * The closing bracket of the object or array whose opening one is at {@code i}, or -1. A document is mostly short strings, and a
     * branch per string cost more than the bytes: so 64 bytes at a time, as simdjson does, bitmasks of the block's
     * quotes and brackets; the bytes inside strings by a prefix XOR of the quotes that are not escaped; the brackets
     * outside strings counted, and walked one by one only when the depth could reach zero in the block.
     */
    static int endOfObject(byte[] a, int i, int limit) {
        int depth = 0;
        long inString = 0; // all ones when the block starts inside a string
        boolean escapeFirst = false; // a backslash ended the last block: this block's first byte is escaped
        int k = i;
        for (; k + 64 <= limit; k += 64) {
            long quotes = 0;
            long opens = 0;
            long closes = 0;
            long anyBackslash = 0;
            for (int j = 0; j < 64; j += 8) {
                long w = (long) LONGS.get(a, k + j);
                long folded = w | CASE;
                quotes |= bits(w, QUOTES) << j;
                opens |= bits(folded, OPENS) << j;
                closes |= bits(folded, CLOSES) << j;
                anyBackslash |= matches(w, BACKSLASHES);
            }
            if (anyBackslash != 0 || escapeFirst) {
                long escaped = escapeFirst ? 1L : 0L;
                escapeFirst = false;
                long backslashes = 0;
                for (int j = 0; j < 64; j += 8) {
                    backslashes |= bits((long) LONGS.get(a, k + j), BACKSLASHES) << j;
                }
                backslashes &= ~escaped; // an escaped backslash escapes nothing
                while (backslashes != 0) {
                    int at = Long.numberOfTrailingZeros(backslashes);
                    backslashes &= backslashes - 1;
                    if (at == 63) {
                        escapeFirst = true;
                    } else {
                        escaped |= 1L << (at + 1);
                        backslashes &= ~(1L << (at + 1));
                    }
                }
                quotes &= ~escaped;
            }
            long inside = prefixXor(quotes) ^ inString;
            inString = inside >> 63;
            opens &= ~inside;
            closes &= ~inside;
            int closing = Long.bitCount(closes);
            if (closing < depth) {
                depth += Long.bitCount(opens) - closing;
                continue;
            }
            for (long brackets = opens | closes; brackets != 0; brackets &= brackets - 1) {
                int at = Long.numberOfTrailingZeros(brackets);
                if ((opens >>> at & 1) != 0) {
                    depth++;
                } else if (--depth == 0) {
                    return k + at;
                }
            }
        }
        boolean in = inString != 0;
        boolean escape = escapeFirst;
        for (; k < limit; k++) {
            byte c = a[k];
            if (escape) {
                escape = false;
            } else if (in) {
                escape = c == '\\';
                in = c != '"';
            } else if (c == '"') {
                in = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                return k;
            }
        }
        return -1;
    }

    /** One bit per byte of {@code word} (lowest byte, lowest bit): set where the byte equals the pattern's. */
    private static long bits(long word, long pattern) {
        long x = word ^ pattern;
        long zero = ~(((x & LOWS7) + LOWS7) | x | LOWS7); // 0x80 exactly in the bytes that are zero
        return ((zero >>> 7) * GATHER) >>> 56;
    }

    /** Bit n set when an odd number of the bits 0..n of {@code x} are set. */
    private static long prefixXor(long x) {
        x ^= x << 1;
        x ^= x << 2;
        x ^= x << 4;
        x ^= x << 8;
        x ^= x << 16;
        return x ^ (x << 32);
    }
}
