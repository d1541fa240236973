package io.auditsearch.verify.checkpoint;

import io.auditsearch.verify.merkle.ProofException;
import io.auditsearch.verify.merkle.ProofVerifier;
import io.auditsearch.verify.note.NoteVerifier;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

/**
 * A C2SP tlog-proof ({@code c2sp.org/tlog-proof@v1}): an entry's index, its inclusion proof and the
 * signed checkpoint it leads to, with optional unauthenticated extra data. Verifiable offline.
 */
public record TlogProof(byte[] extra, long index, List<byte[]> inclusion, String signedCheckpoint) {
    public static final String HEADER = "c2sp.org/tlog-proof@v1";

    public TlogProof {
        inclusion = List.copyOf(inclusion);
        if (index < 0) {
            throw new IllegalArgumentException("negative index");
        }
    }

    /** The proof's text (a {@code .tlog-proof} file). */
    public String encode() {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        if (extra != null) {
            out.append("extra ").append(Base64.getEncoder().encodeToString(extra)).append('\n');
        }
        out.append("index ").append(index).append('\n');
        ProofLines.appendHashes(out, inclusion);
        return out.append('\n').append(signedCheckpoint).toString();
    }

    /** Parses a proof's text; the checkpoint is taken verbatim, not yet verified. */
    public static TlogProof parse(String text) throws CheckpointException {
        List<String> lines = ProofLines.lines(text);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new CheckpointException("a tlog-proof starts with the line " + HEADER);
        }
        int i = 1;
        byte[] extra = null;
        if (lines.size() > i && lines.get(i).startsWith("extra ")) {
            try {
                extra = Base64.getDecoder().decode(lines.get(i).substring("extra ".length()));
            } catch (IllegalArgumentException e) {
                throw new CheckpointException("tlog-proof extra data is not base64");
            }
            i++;
        }
        if (lines.size() <= i) {
            throw new CheckpointException("tlog-proof has no index line");
        }
        long index = ProofLines.keywordNumber(lines.get(i++), "index");
        List<byte[]> hashes = ProofLines.hashesUntilBlank(lines, i, "tlog-proof");
        String checkpoint = text.substring(ProofLines.offsetAfterLines(text, i + hashes.size() + 1));
        if (checkpoint.isEmpty()) {
            throw new CheckpointException("tlog-proof has no checkpoint");
        }
        return new TlogProof(extra, index, hashes, checkpoint);
    }

    /**
     * Verifies the checkpoint's signature and origin, then that the leaf hash is at {@link #index}
     * in its tree. Returns the verified checkpoint.
     */
    public SignedCheckpoint verify(byte[] leafHash, NoteVerifier verifier, String origin) throws CheckpointException {
        SignedCheckpoint signed = SignedCheckpoint.open(signedCheckpoint, verifier, origin);
        Checkpoint c = signed.checkpoint();
        try {
            byte[] root = new ProofVerifier().rootFromInclusionProof(index, c.size(), leafHash, inclusion);
            if (!MessageDigest.isEqual(root, c.rootHash())) {
                throw new CheckpointException("the entry and its inclusion proof do not lead to the checkpoint's root");
            }
        } catch (ProofException e) {
            throw new CheckpointException("inclusion proof: " + e.getMessage());
        }
        return signed;
    }
}
