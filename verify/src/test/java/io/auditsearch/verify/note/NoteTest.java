package io.auditsearch.verify.note;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Signed notes on the vectors of golang.org/x/mod sumdb/note/note_test.go (BSD licence). */
@Tag("unit")
class NoteTest {
    static final String PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    static final String PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    static final String ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
    static final String TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    static final String PETER_SIG = "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    static final String ENOCH_SIG = "\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

    static NoteVerifier verifier(String... keys) throws NoteException {
        List<VerifierKey> parsed = new java.util.ArrayList<>();
        for (String k : keys) {
            parsed.add(VerifierKey.parse(k));
        }
        return new NoteVerifier(parsed);
    }

    @Test
    void verifierKeyParsesAndRoundTrips() throws Exception {
        VerifierKey key = VerifierKey.parse(PETER_VKEY);
        assertEquals("PeterNeumann", key.name());
        assertEquals(0xc74f20a3, key.keyId());
        assertEquals(PETER_VKEY, key.encode());
    }

    @Test
    void mangledVerifierKeysAreRefused() {
        byte[] b = PETER_VKEY.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i <= b.length; i++) {
            for (int j = i + 1; j <= b.length; j++) {
                if (i != 0 || j != b.length) {
                    String k = new String(b, i, j - i, StandardCharsets.US_ASCII);
                    assertThrows(NoteException.class, () -> VerifierKey.parse(k), k);
                }
            }
        }
        for (int i = 0; i < b.length; i++) {
            b[i]++;
            String k = new String(b, StandardCharsets.US_ASCII);
            if (!k.strip().equals(k.substring(0, k.length()))) {
                b[i]--;
                continue;
            }
            assertThrows(NoteException.class, () -> VerifierKey.parse(k), k);
            b[i]--;
        }
        // wrong length key and unknown algorithm, each with an adjusted key hash (note_test.go)
        assertThrows(NoteException.class, () -> VerifierKey.parse(
                "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=="));
        assertThrows(NoteException.class, () -> VerifierKey.parse(
                "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"));
    }

    @Test
    void signerKeyDerivesThePublishedVerifierKey() throws Exception {
        SignerKey signer = SignerKey.parse(PETER_SKEY);
        assertEquals(PETER_VKEY, signer.verifierKey().encode());
        assertEquals(PETER_SKEY, signer.encode());
    }

    @Test
    void mangledSignerKeysAreRefused() {
        byte[] b = PETER_SKEY.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < b.length; i++) {
            b[i]++;
            String k = new String(b, StandardCharsets.US_ASCII);
            assertThrows(NoteException.class, () -> SignerKey.parse(k), k);
            b[i]--;
        }
        assertThrows(NoteException.class, () -> SignerKey.parse(PETER_SKEY.substring(0, PETER_SKEY.length() - 4)));
    }

    @Test
    void signingGivesThePublishedNote() throws Exception {
        Note note = Note.sign(TEXT, List.of(SignerKey.parse(PETER_SKEY)));
        assertEquals(TEXT + "\n" + PETER_SIG, note.encode());
        assertThrows(NoteException.class, () -> Note.sign("abc", List.of(SignerKey.parse(PETER_SKEY))));
    }

    @Test
    void unknownSignaturesAreIgnored() throws Exception {
        NoteVerifier.Verified v = verifier(PETER_VKEY).open((TEXT + "\n" + PETER_SIG + ENOCH_SIG).getBytes(StandardCharsets.UTF_8));
        assertEquals(TEXT, v.text());
        assertEquals(List.of(VerifierKey.parse(PETER_VKEY).keyId()), v.verified().stream().map(NoteSignature::keyId).toList());
        assertEquals(1, v.ignored().size());
        assertEquals("EnochRoot", v.ignored().get(0).keyName());
    }

    @Test
    void everyKnownSignatureIsVerified() throws Exception {
        NoteVerifier.Verified v = verifier(PETER_VKEY, ENOCH_VKEY).open((TEXT + "\n" + PETER_SIG + ENOCH_SIG).getBytes(StandardCharsets.UTF_8));
        assertEquals(2, v.verified().size());
        assertTrue(v.ignored().isEmpty());
    }

    @Test
    void aNoteNoKnownKeySignedIsRejected() throws Exception {
        NoteVerifier none = verifier();
        assertThrows(NoteException.class, () -> none.open((TEXT + "\n" + PETER_SIG + ENOCH_SIG).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aBadSignatureOfAKnownKeyRejectsTheNote() throws Exception {
        String bad = PETER_SIG.substring(0, 60) + "ABCD" + PETER_SIG.substring(60);
        assertThrows(NoteException.class, () -> verifier(PETER_VKEY).open((TEXT + "\n" + bad).getBytes(StandardCharsets.UTF_8)));
        String changed = TEXT.replace("answer", "Answer") + "\n" + PETER_SIG;
        assertThrows(NoteException.class, () -> verifier(PETER_VKEY).open(changed.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void sameNameOtherKeyIdIsAnUnknownKey() throws Exception {
        // a signature whose key ID no trusted key has is ignored, so with no other it fails as unsigned
        String otherId = PETER_SIG.replace("x08go", "xxxxx");
        NoteException e = assertThrows(NoteException.class,
                () -> verifier(PETER_VKEY).open((TEXT + "\n" + otherId).getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("no signature by a trusted key"), e.getMessage());
    }

    @Test
    void malformedNotesAreRejected() {
        List<String> bad = List.of(TEXT, TEXT + "\n", TEXT + "\n" + PETER_SIG.substring(0, PETER_SIG.length() - 1),
                "\u0001" + TEXT + "\n" + PETER_SIG,
                TEXT + "\n" + "\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=",
                TEXT + "\n" + PETER_SIG + "Unexpected line.\n", TEXT + "\n" + PETER_SIG.repeat(101));
        for (String msg : bad) {
            assertThrows(NoteException.class, () -> verifier(PETER_VKEY).open(msg.getBytes(StandardCharsets.UTF_8)), msg);
        }
        byte[] notUtf8 = ("\u00ff" + TEXT + "\n" + PETER_SIG).getBytes(StandardCharsets.ISO_8859_1);
        assertThrows(NoteException.class, () -> Note.parse(notUtf8));
    }

    @Test
    void keyRotationNoteSignedByOldAndNewKeys() throws Exception {
        SignerKey oldKey = SignerKey.generate("audit.example/log");
        SignerKey newKey = SignerKey.generate("audit.example/log");
        String both = Note.sign(TEXT, List.of(oldKey, newKey)).encode();
        assertEquals(1, new NoteVerifier(List.of(oldKey.verifierKey())).open(both.getBytes(StandardCharsets.UTF_8)).verified().size());
        assertEquals(1, new NoteVerifier(List.of(newKey.verifierKey())).open(both.getBytes(StandardCharsets.UTF_8)).verified().size());
        assertEquals(2, new NoteVerifier(List.of(oldKey.verifierKey(), newKey.verifierKey()))
                .open(both.getBytes(StandardCharsets.UTF_8)).verified().size());
        String onlyNew = Note.sign(TEXT, List.of(newKey)).encode();
        assertThrows(NoteException.class, () -> new NoteVerifier(List.of(oldKey.verifierKey()))
                .open(onlyNew.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void pemPublicKeysAreAccepted() throws Exception {
        VerifierKey peter = VerifierKey.parse(PETER_VKEY);
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(peter.publicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        assertEquals(PETER_VKEY, VerifierKey.of("PeterNeumann", Ed25519.publicKeyFromPem(pem)).encode());
    }
}
