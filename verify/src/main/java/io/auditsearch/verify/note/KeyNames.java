package io.auditsearch.verify.note;

/** Key names of signed notes: non-empty, without Unicode spaces or {@code +}. */
final class KeyNames {
    private KeyNames() {}

    static boolean valid(String name) {
        if (name.isEmpty()) {
            return false;
        }
        return name.codePoints().noneMatch(c -> c == '+' || Character.isWhitespace(c) || Character.isSpaceChar(c)
                || c < 0x20 || c == 0x7f);
    }

    static String hex8(int keyId) {
        return String.format("%08x", keyId);
    }

    static int parseHex8(String s) throws NoteException {
        if (s.length() != 8 || !s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new NoteException("key ID must be 8 lowercase hex digits: " + s);
        }
        return Integer.parseUnsignedInt(s, 16);
    }
}
