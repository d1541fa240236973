package io.auditsearch.verify.note;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a signed note can be trusted, as C2SP signed-note says: signatures from unknown
 * keys (name and key ID not both known) are ignored; a signature from a known key must verify, or
 * the whole note is rejected; at least one known key must have signed.
 */
public final class NoteVerifier {
    private final List<VerifierKey> keys;

    /** Trusts these keys (several for key rotation). Two keys of the same name and ID are refused. */
    public NoteVerifier(List<VerifierKey> keys) throws NoteException {
        for (int i = 0; i < keys.size(); i++) {
            for (int j = i + 1; j < keys.size(); j++) {
                VerifierKey a = keys.get(i);
                VerifierKey b = keys.get(j);
                if (a.name().equals(b.name()) && a.keyId() == b.keyId() && !a.encode().equals(b.encode())) {
                    throw new NoteException("ambiguous keys " + a.name() + "+" + KeyNames.hex8(a.keyId()));
                }
            }
        }
        this.keys = List.copyOf(keys);
    }

    /** The note's text and which trusted keys signed it. */
    public record Verified(String text, List<NoteSignature> verified, List<NoteSignature> ignored) {}

    /** Parses and verifies a signed note. */
    public Verified open(byte[] signedNote) throws NoteException {
        return verify(Note.parse(signedNote));
    }

    /** Verifies a parsed note. */
    public Verified verify(Note note) throws NoteException {
        byte[] text = note.text().getBytes(StandardCharsets.UTF_8);
        Set<NoteSignature> verified = new LinkedHashSet<>();
        List<NoteSignature> ignored = new ArrayList<>();
        for (NoteSignature sig : note.signatures()) {
            VerifierKey key = keyFor(sig);
            if (key == null) {
                ignored.add(sig);
            } else if (key.verifies(text, sig)) {
                verified.add(sig);
            } else {
                throw new NoteException("invalid signature for key " + sig);
            }
        }
        if (verified.isEmpty()) {
            throw new NoteException("no signature by a trusted key (signed by: "
                    + (ignored.isEmpty() ? "nobody" : ignored) + ")");
        }
        return new Verified(note.text(), List.copyOf(verified), ignored);
    }

    private VerifierKey keyFor(NoteSignature sig) {
        for (VerifierKey k : keys) {
            if (k.name().equals(sig.keyName()) && k.keyId() == sig.keyId()) {
                return k;
            }
        }
        return null;
    }
}
