package io.auditsearch.verify.note;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * The JDK's Ed25519 (RFC 8032) with keys as the 32-byte strings signed notes use, and the note key
 * ID. No cryptography of its own: encodings only.
 */
public final class Ed25519 {
    /** Signature type byte of Ed25519 in signed notes. */
    public static final byte ALGORITHM = 0x01;
    public static final int KEY_SIZE = 32;
    public static final int SIGNATURE_SIZE = 64;
    // DER SubjectPublicKeyInfo of an Ed25519 key (RFC 8410) up to the 32 key bytes.
    private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private Ed25519() {}

    /** {@code SHA-256(name || 0x0A || 0x01 || publicKey)[:4]} as a big-endian int. */
    public static int keyId(String name, byte[] rawPublicKey) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(name.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
            sha256.update(ALGORITHM);
            sha256.update(rawPublicKey);
            byte[] h = sha256.digest();
            return ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JDK public key of a 32-byte RFC 8032 public key. */
    public static PublicKey publicKey(byte[] raw) throws NoteException {
        if (raw.length != KEY_SIZE) {
            throw new NoteException("an Ed25519 public key has 32 bytes, not " + raw.length);
        }
        byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + KEY_SIZE);
        System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, KEY_SIZE);
        return publicKeyFromSpki(spki);
    }

    /** The JDK public key of a DER SubjectPublicKeyInfo (what a PEM "PUBLIC KEY" block holds). */
    public static PublicKey publicKeyFromSpki(byte[] spki) throws NoteException {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new NoteException("not an Ed25519 public key", e);
        }
    }

    /** Parses a PEM {@code -----BEGIN PUBLIC KEY-----} block holding an Ed25519 key. */
    public static PublicKey publicKeyFromPem(String pem) throws NoteException {
        int begin = pem.indexOf("-----BEGIN PUBLIC KEY-----");
        int end = pem.indexOf("-----END PUBLIC KEY-----");
        if (begin < 0 || end < begin) {
            throw new NoteException("no PEM PUBLIC KEY block");
        }
        String body = pem.substring(begin + "-----BEGIN PUBLIC KEY-----".length(), end).replaceAll("\\s", "");
        try {
            return publicKeyFromSpki(Base64.getDecoder().decode(body));
        } catch (IllegalArgumentException e) {
            throw new NoteException("PEM body is not base64", e);
        }
    }

    /** The 32 RFC 8032 bytes of a JDK Ed25519 public key. */
    public static byte[] raw(PublicKey key) {
        byte[] spki = key.getEncoded();
        if (spki.length != SPKI_PREFIX.length + KEY_SIZE
                || !Arrays.equals(spki, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
            throw new IllegalArgumentException("not an Ed25519 public key");
        }
        return Arrays.copyOfRange(spki, SPKI_PREFIX.length, spki.length);
    }

    /** The key pair of a 32-byte RFC 8032 private key (seed), its public key derived by the JDK. */
    public static KeyPair keyPair(byte[] seed) throws NoteException {
        if (seed.length != KEY_SIZE) {
            throw new NoteException("an Ed25519 private key has 32 bytes, not " + seed.length);
        }
        try {
            // The JDK's generator draws the 32-byte private key from the SecureRandom and derives the
            // public key from it; handing it the seed derives this seed's public key.
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
            KeyPair pair = generator.generateKeyPair();
            PrivateKey privateKey = KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
            return new KeyPair(pair.getPublic(), privateKey);
        } catch (GeneralSecurityException e) {
            throw new NoteException("cannot make an Ed25519 key", e);
        }
    }

    /** A new random 32-byte private key. */
    public static byte[] newSeed() {
        byte[] seed = new byte[KEY_SIZE];
        new SecureRandom().nextBytes(seed);
        return seed;
    }

    public static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        if (signature.length != SIGNATURE_SIZE) {
            return false;
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static final class FixedBytes extends SecureRandom {
        private final byte[] bytes;

        FixedBytes(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        @Override
        public void nextBytes(byte[] out) {
            if (out.length != bytes.length) {
                throw new IllegalStateException("unexpected draw of " + out.length + " bytes");
            }
            System.arraycopy(bytes, 0, out, 0, out.length);
        }
    }
}
