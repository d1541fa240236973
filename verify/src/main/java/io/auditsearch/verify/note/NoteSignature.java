package io.auditsearch.verify.note;

import java.util.Arrays;
import java.util.Base64;

/**
 * One signature line of a signed note: {@code — <key name> base64(key ID || signature)}, the key ID
 * a big-endian uint32.
 */
public record NoteSignature(String keyName, int keyId, byte[] signature) {
    static final String DASH = "\u2014 ";

    /** The line, without its newline. */
    public String line() {
        byte[] bytes = new byte[4 + signature.length];
        bytes[0] = (byte) (keyId >>> 24);
        bytes[1] = (byte) (keyId >>> 16);
        bytes[2] = (byte) (keyId >>> 8);
        bytes[3] = (byte) keyId;
        System.arraycopy(signature, 0, bytes, 4, signature.length);
        return DASH + keyName + " " + Base64.getEncoder().encodeToString(bytes);
    }

    /** Parses one signature line (without its newline). */
    static NoteSignature parse(String line) throws NoteException {
        if (!line.startsWith(DASH)) {
            throw new NoteException("a signature line starts with an em dash and a space");
        }
        String rest = line.substring(DASH.length());
        int space = rest.indexOf(' ');
        if (space <= 0 || rest.indexOf(' ', space + 1) >= 0) {
            throw new NoteException("a signature line is: em dash, key name, base64 signature");
        }
        String name = rest.substring(0, space);
        if (!KeyNames.valid(name)) {
            throw new NoteException("invalid key name in signature line: " + name);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(rest.substring(space + 1));
        } catch (IllegalArgumentException e) {
            throw new NoteException("signature is not base64", e);
        }
        if (bytes.length < 5) {
            throw new NoteException("signature too short for a key ID and a signature");
        }
        int keyId = ((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
        return new NoteSignature(name, keyId, Arrays.copyOfRange(bytes, 4, bytes.length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoteSignature s && s.keyName.equals(keyName) && s.keyId == keyId
                && Arrays.equals(s.signature, signature);
    }

    @Override
    public int hashCode() {
        return keyName.hashCode() * 31 + keyId * 17 + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return keyName + "+" + KeyNames.hex8(keyId);
    }
}
