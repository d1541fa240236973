package io.auditsearch.verify.note;

import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;

/**
 * An Ed25519 note verifier key: the key name, its key ID, and the public key. Its text form is
 * golang.org/x/mod/sumdb/note's {@code <name>+<hex key ID>+<base64(0x01 || 32-byte public key)>}.
 */
public record VerifierKey(String name, int keyId, PublicKey publicKey) {
    public VerifierKey {
        if (!KeyNames.valid(name)) {
            throw new IllegalArgumentException("invalid key name: " + name);
        }
    }

    /** The verifier key of a public key under a name; the key ID is computed. */
    public static VerifierKey of(String name, PublicKey publicKey) {
        return new VerifierKey(name, Ed25519.keyId(name, Ed25519.raw(publicKey)), publicKey);
    }

    /** Parses {@code <name>+<hex key ID>+<base64(0x01 || key)>}; the key ID must match the key. */
    public static VerifierKey parse(String text) throws NoteException {
        String s = text.strip();
        // names hold no '+', base64 may: split at the first two
        int plus1 = s.indexOf('+');
        int plus2 = plus1 > 0 ? s.indexOf('+', plus1 + 1) : -1;
        if (plus2 < 0) {
            throw new NoteException("not a verifier key <name>+<key ID>+<key>: " + s);
        }
        String name = s.substring(0, plus1);
        if (!KeyNames.valid(name)) {
            throw new NoteException("invalid key name: " + name);
        }
        int keyId = KeyNames.parseHex8(s.substring(plus1 + 1, plus2));
        byte[] key;
        try {
            key = Base64.getDecoder().decode(s.substring(plus2 + 1));
        } catch (IllegalArgumentException e) {
            throw new NoteException("verifier key is not base64", e);
        }
        if (key.length != 1 + Ed25519.KEY_SIZE || key[0] != Ed25519.ALGORITHM) {
            throw new NoteException("not an Ed25519 verifier key (0x01 and 32 bytes)");
        }
        byte[] raw = Arrays.copyOfRange(key, 1, key.length);
        if (Ed25519.keyId(name, raw) != keyId) {
            throw new NoteException("key ID " + KeyNames.hex8(keyId) + " does not match the key");
        }
        return new VerifierKey(name, keyId, Ed25519.publicKey(raw));
    }

    /** The key in its text form. */
    public String encode() {
        byte[] raw = Ed25519.raw(publicKey);
        byte[] key = new byte[1 + raw.length];
        key[0] = Ed25519.ALGORITHM;
        System.arraycopy(raw, 0, key, 1, raw.length);
        return name + "+" + KeyNames.hex8(keyId) + "+" + Base64.getEncoder().encodeToString(key);
    }

    /** True when this key made the signature over the note text. */
    public boolean verifies(byte[] text, NoteSignature signature) {
        return signature.keyName().equals(name) && signature.keyId() == keyId
                && Ed25519.verify(publicKey, text, signature.signature());
    }

    @Override
    public String toString() {
        return encode();
    }
}
