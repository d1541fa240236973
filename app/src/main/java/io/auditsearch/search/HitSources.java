package io.auditsearch.search;

import java.nio.charset.StandardCharsets;

/**
 * A search answer with each hit's {@code _source} object emptied to {@code {}}, and where each one's
 * content was. A scan over the bytes that follows only nesting and strings (escapes included); a
 * {@code _source} key counts only as a member of an element of {@code hits.hits}, four levels down,
 * so a document's own field of that name is never taken for it.
 *
 * @param rest        the answer without the documents' content, {@code restLength} bytes
 * @param emptied     for each emptied {@code _source}, where its {@code {}} starts in {@code rest}
 * @param ranges      for each, the start (after its brace) and end (its closing brace) in the answer
 */
record HitSources(byte[] rest, int restLength, int[] emptied, int[] ranges, int count) {

    private static final byte[] KEY = "_source".getBytes(StandardCharsets.US_ASCII);
    private static final int HIT_DEPTH = 4; // {"hits":{"hits":[{ <- here

    int emptiedAt(int i) {
        return i < count ? emptied[i] : Integer.MAX_VALUE;
    }

    int from(int i) {
        return ranges[2 * i];
    }

    int to(int i) {
        return ranges[2 * i + 1];
    }

    static HitSources strip(byte[] a) {
        // what is left is the hits' sort keys and highlights around the answer's few fields: a fraction of it
        byte[] rest = new byte[Math.min(a.length, 4096)];
        int length = 0;
        int copied = 0;
        int[] emptied = new int[16];
        int[] ranges = new int[32];
        int count = 0;
        int depth = 0;
        for (int i = 0; i < a.length; i++) {
            byte c = a[i];
            if (c == '"') {
                int end = endOfString(a, i);
                int open = depth == HIT_DEPTH && isKey(a, i + 1, end) ? valueStart(a, end + 1) : -1;
                if (open >= 0 && a[open] == '{') {
                    int close = endOfObject(a, open);
                    int n = open + 1 - copied;
                    rest = room(rest, length + n);
                    System.arraycopy(a, copied, rest, length, n);
                    length += n;
                    if (count == emptied.length) {
                        emptied = java.util.Arrays.copyOf(emptied, count * 2);
                        ranges = java.util.Arrays.copyOf(ranges, count * 4);
                    }
                    emptied[count] = length - 1;
                    ranges[2 * count] = open + 1;
                    ranges[2 * count + 1] = close;
                    count++;
                    copied = close; // the closing brace is copied with what follows: {}
                    i = close;
                } else {
                    i = end;
                }
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        rest = room(rest, length + a.length - copied);
        System.arraycopy(a, copied, rest, length, a.length - copied);
        length += a.length - copied;
        return new HitSources(rest, length, emptied, ranges, count);
    }

    private static byte[] room(byte[] rest, int needed) {
        return needed <= rest.length ? rest : java.util.Arrays.copyOf(rest, Math.max(needed, rest.length * 2));
    }

    private static boolean isKey(byte[] a, int from, int to) {
        return to - from == KEY.length && java.util.Arrays.equals(a, from, to, KEY, 0, KEY.length);
    }

    /** Where the value after a key's closing quote starts (past the colon), or -1 when no colon follows. */
    private static int valueStart(byte[] a, int i) {
        i = skipSpace(a, i);
        return i < a.length && a[i] == ':' ? skipSpace(a, i + 1) : -1;
    }

    private static int skipSpace(byte[] a, int i) {
        while (i < a.length && (a[i] == ' ' || a[i] == '\n' || a[i] == '\r' || a[i] == '\t')) {
            i++;
        }
        return Math.min(i, a.length - 1);
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

    /** The closing quote of the string whose opening quote is at {@code i}. */
    private static int endOfString(byte[] a, int i) {
        int k = i + 1;
        while (k < a.length) {
            if (k + 8 <= a.length) {
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
        return a.length - 1;
    }

    /**
     * The closing brace of the object whose opening brace is at {@code i}. A document is mostly short strings, and a
     * branch per string cost more than the bytes: so 64 bytes at a time, as simdjson does, bitmasks of the block's
     * quotes and brackets; the bytes inside strings by a prefix XOR of the quotes that are not escaped; the brackets
     * outside strings counted, and walked one by one only when the depth could reach zero in the block.
     */
    private static int endOfObject(byte[] a, int i) {
        int depth = 0;
        long inString = 0; // all ones when the block starts inside a string
        boolean escapeFirst = false; // a backslash ended the last block: this block's first byte is escaped
        int k = i;
        for (; k + 64 <= a.length; k += 64) {
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
        for (; k < a.length; k++) {
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
        return a.length - 1;
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
