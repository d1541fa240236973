package io.auditsearch.verify.checkpoint;

import io.auditsearch.verify.merkle.ProofException;
import io.auditsearch.verify.merkle.ProofVerifier;
import io.auditsearch.verify.note.NoteVerifier;
import java.util.List;

/**
 * One step of a log's history: a new signed checkpoint with the consistency proof from the previous
 * tree size, in the text of a C2SP tlog-witness {@code add-checkpoint} request body:
 * {@code old <size>}, the proof's base64 hash lines, an empty line, the signed checkpoint.
 */
public record ConsistencyStep(long oldSize, List<byte[]> proof, String signedCheckpoint) {
    public ConsistencyStep {
        proof = List.copyOf(proof);
        if (proof.size() > 63) {
            throw new IllegalArgumentException("a consistency proof has at most 63 hashes");
        }
    }

    public String encode() {
        StringBuilder out = new StringBuilder("old ").append(oldSize).append('\n');
        ProofLines.appendHashes(out, proof);
        return out.append('\n').append(signedCheckpoint).toString();
    }

    public static ConsistencyStep parse(String text) throws CheckpointException {
        List<String> lines = ProofLines.lines(text);
        long oldSize = ProofLines.keywordNumber(lines.get(0), "old");
        List<byte[]> hashes = ProofLines.hashesUntilBlank(lines, 1, "consistency proof");
        if (hashes.size() > 63) {
            throw new CheckpointException("more than 63 consistency proof lines");
        }
        String checkpoint = text.substring(ProofLines.offsetAfterLines(text, 1 + hashes.size() + 1));
        if (checkpoint.isEmpty()) {
            throw new CheckpointException("consistency step has no checkpoint");
        }
        return new ConsistencyStep(oldSize, hashes, checkpoint);
    }

    /**
     * Verifies this step after {@code previous}: its checkpoint is signed by a trusted key and of
     * the same log, its old size is the previous size, and the proof shows the previous tree is a
     * prefix of the new one. Returns the new checkpoint.
     */
    public SignedCheckpoint verifyAfter(Checkpoint previous, NoteVerifier verifier) throws CheckpointException {
        SignedCheckpoint next = SignedCheckpoint.open(signedCheckpoint, verifier, previous.origin());
        if (oldSize != previous.size()) {
            throw new CheckpointException("step is from tree size " + oldSize + ", the previous checkpoint has "
                    + previous.size());
        }
        Checkpoint c = next.checkpoint();
        try {
            new ProofVerifier().checkConsistency(previous.size(), c.size(), previous.rootHash(), c.rootHash(), proof);
        } catch (ProofException e) {
            throw new CheckpointException("tree size " + c.size() + " is not consistent with tree size "
                    + previous.size() + ": " + e.getMessage());
        }
        return next;
    }
}
