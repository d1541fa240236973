package io.auditsearch.verify.note;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.Base64;

/**
 * An Ed25519 note signer key. Its text form is golang.org/x/mod/sumdb/note's
 * {@code PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 || 32-byte private key)>}. Keep it secret.
 */
public final class SignerKey {
    private static final String PREFIX = "PRIVATE+KEY+";

    private final String name;
    private final byte[] seed;
    private final KeyPair pair;
    private final VerifierKey verifierKey;

    private SignerKey(String name, byte[] seed) throws NoteException {
        if (!KeyNames.valid(name)) {
            throw new NoteException("invalid key name: " + name);
        }
        this.name = name;
        this.seed = seed.clone();
        this.pair = Ed25519.keyPair(seed);
        this.verifierKey = VerifierKey.of(name, pair.getPublic());
    }

    /** A new random key under this name. */
    public static SignerKey generate(String name) throws NoteException {
        return new SignerKey(name, Ed25519.newSeed());
    }

    /** The signer key of a 32-byte RFC 8032 private key. */
    public static SignerKey of(String name, byte[] seed) throws NoteException {
        return new SignerKey(name, seed);
    }

    /** Parses the text form; the key ID must match the key. */
    public static SignerKey parse(String text) throws NoteException {
        String s = text.strip();
        if (!s.startsWith(PREFIX)) {
            throw new NoteException("a signer key starts with PRIVATE+KEY+");
        }
        s = s.substring(PREFIX.length());
        // names hold no '+', base64 may: split at the first two
        int plus1 = s.indexOf('+');
        int plus2 = plus1 > 0 ? s.indexOf('+', plus1 + 1) : -1;
        if (plus2 < 0) {
            throw new NoteException("not a signer key PRIVATE+KEY+<name>+<key ID>+<key>");
        }
        int keyId = KeyNames.parseHex8(s.substring(plus1 + 1, plus2));
        byte[] key;
        try {
            key = Base64.getDecoder().decode(s.substring(plus2 + 1));
        } catch (IllegalArgumentException e) {
            throw new NoteException("signer key is not base64", e);
        }
        if (key.length != 1 + Ed25519.KEY_SIZE || key[0] != Ed25519.ALGORITHM) {
            throw new NoteException("not an Ed25519 signer key (0x01 and 32 bytes)");
        }
        SignerKey signer = new SignerKey(s.substring(0, plus1), Arrays.copyOfRange(key, 1, key.length));
        if (signer.verifierKey.keyId() != keyId) {
            throw new NoteException("key ID " + KeyNames.hex8(keyId) + " does not match the key");
        }
        return signer;
    }

    public String name() {
        return name;
    }

    public VerifierKey verifierKey() {
        return verifierKey;
    }

    /** The signature line's content over a note text. */
    public NoteSignature sign(String noteText) {
        byte[] sig = Ed25519.sign(pair.getPrivate(), noteText.getBytes(StandardCharsets.UTF_8));
        return new NoteSignature(name, verifierKey.keyId(), sig);
    }

    /** The key in its text form (secret). */
    public String encode() {
        byte[] key = new byte[1 + seed.length];
        key[0] = Ed25519.ALGORITHM;
        System.arraycopy(seed, 0, key, 1, seed.length);
        return PREFIX + name + "+" + KeyNames.hex8(verifierKey.keyId()) + "+" + Base64.getEncoder().encodeToString(key);
    }

    @Override
    public String toString() {
        return "SignerKey[" + name + "+" + KeyNames.hex8(verifierKey.keyId()) + "]";
    }
}
