package io.auditsearch.verify.checkpoint;

import io.auditsearch.verify.note.Note;
import io.auditsearch.verify.note.NoteException;
import io.auditsearch.verify.note.NoteVerifier;
import io.auditsearch.verify.note.SignerKey;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A checkpoint whose note signature was verified, with the note as it was signed. */
public record SignedCheckpoint(Checkpoint checkpoint, String signedNote, NoteVerifier.Verified verification) {

    /**
     * Verifies a signed checkpoint note: a trusted key signed it, and its origin is the expected one.
     *
     * @param origin the log's origin line; {@code null} to accept the origin of any trusted key's note
     */
    public static SignedCheckpoint open(byte[] signedNote, NoteVerifier verifier, String origin)
            throws CheckpointException {
        NoteVerifier.Verified verified;
        try {
            verified = verifier.open(signedNote);
        } catch (NoteException e) {
            throw new CheckpointException("checkpoint signature: " + e.getMessage(), e);
        }
        Checkpoint checkpoint = Checkpoint.parse(verified.text());
        if (origin != null && !checkpoint.origin().equals(origin)) {
            throw new CheckpointException("checkpoint of log \"" + checkpoint.origin() + "\", expected \"" + origin + "\"");
        }
        return new SignedCheckpoint(checkpoint, new String(signedNote, StandardCharsets.UTF_8), verified);
    }

    public static SignedCheckpoint open(String signedNote, NoteVerifier verifier, String origin)
            throws CheckpointException {
        return open(signedNote.getBytes(StandardCharsets.UTF_8), verifier, origin);
    }

    /** Signs a checkpoint; returns the signed note's text. */
    public static String sign(Checkpoint checkpoint, List<SignerKey> signers) throws NoteException {
        return Note.sign(checkpoint.text(), signers).encode();
    }
}
