package io.auditsearch.verify.tiles;

/**
 * The tile path syntax of C2SP tlog-tiles: {@code tile/<L>/<N>[.p/<W>]} where {@code <N>} is the
 * index in 3-digit groups, every group but the last prefixed with {@code x} (1234067 is
 * {@code x001/x234/067}), and {@code <L>}, {@code <W>} are decimals without leading zeroes.
 */
public final class TilePaths {
    private TilePaths() {}

    /** The zero-padded, x-prefixed path elements of a tile index. */
    public static String encodeIndex(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("negative tile index " + index);
        }
        StringBuilder path = new StringBuilder(String.format("%03d", index % 1000));
        for (long n = index / 1000; n > 0; n /= 1000) {
            path.insert(0, String.format("x%03d/", n % 1000));
        }
        return path.toString();
    }

    /** Parses a {@code tile/<L>/<N>[.p/<W>]} path (not an entries path). */
    public static Tile parse(String path) {
        String rest = strip(path, "tile/");
        int slash = rest.indexOf('/');
        if (slash < 0) {
            throw bad(path);
        }
        int level = (int) decimal(rest.substring(0, slash), path);
        rest = rest.substring(slash + 1);
        int width = Tile.FULL_WIDTH;
        int partial = rest.indexOf(".p/");
        if (partial >= 0) {
            width = (int) decimal(rest.substring(partial + 3), path);
            if (width >= Tile.FULL_WIDTH) {
                throw bad(path);
            }
            rest = rest.substring(0, partial);
        }
        String[] groups = rest.split("/", -1);
        long index = 0;
        for (int i = 0; i < groups.length; i++) {
            String g = groups[i];
            boolean last = i == groups.length - 1;
            if (!last) {
                if (!g.startsWith("x")) {
                    throw bad(path);
                }
                g = g.substring(1);
            }
            if (g.length() != 3 || !g.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw bad(path);
            }
            if (index > (Long.MAX_VALUE - 999) / 1000) {
                throw bad(path);
            }
            index = index * 1000 + Integer.parseInt(g);
        }
        if (groups.length > 1 && groups[0].equals("x000")) {
            throw bad(path); // not the canonical encoding
        }
        try {
            return new Tile(level, index, width);
        } catch (IllegalArgumentException e) {
            throw bad(path);
        }
    }

    private static String strip(String path, String prefix) {
        if (!path.startsWith(prefix)) {
            throw bad(path);
        }
        return path.substring(prefix.length());
    }

    private static long decimal(String s, String path) {
        if (s.isEmpty() || s.length() > 3 || !s.chars().allMatch(c -> c >= '0' && c <= '9')
                || (s.length() > 1 && s.charAt(0) == '0')) {
            throw bad(path);
        }
        return Long.parseLong(s);
    }

    private static IllegalArgumentException bad(String path) {
        return new IllegalArgumentException("not a tlog-tiles tile path: " + path);
    }
}
