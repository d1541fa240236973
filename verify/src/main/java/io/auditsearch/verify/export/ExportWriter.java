package io.auditsearch.verify.export;

import io.auditsearch.verify.checkpoint.Checkpoint;
import io.auditsearch.verify.checkpoint.SignedCheckpoint;
import io.auditsearch.verify.json.CanonicalJson;
import io.auditsearch.verify.json.InvalidJsonException;
import io.auditsearch.verify.merkle.MerkleTree;
import io.auditsearch.verify.merkle.Proofs;
import io.auditsearch.verify.note.NoteException;
import io.auditsearch.verify.note.SignerKey;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Writes an export with proofs of a whole log held in memory: the reference producer of the format
 * (tests, the benchmark, and a model for the service's own export).
 */
public final class ExportWriter {
    private ExportWriter() {}

    /**
     * Logs {@code count} events ({@code eventAt.apply(i)} gives event {@code i}'s JSON, called twice
     * per event), signs the checkpoint of the resulting tree and writes every event line and the
     * checkpoint line. Returns the signed checkpoint.
     */
    public static String writeWholeLog(OutputStream out, long count, LongFunction<byte[]> eventAt, String origin,
            List<SignerKey> signers) throws IOException, InvalidJsonException, NoteException {
        MerkleTree tree = new MerkleTree();
        for (long i = 0; i < count; i++) {
            tree.appendEntry(CanonicalJson.canonicalize(eventAt.apply(i)));
        }
        String signed = SignedCheckpoint.sign(new Checkpoint(origin, count, tree.root()), signers);
        for (long i = 0; i < count; i++) {
            out.write(ExportFormat.eventLine(CanonicalJson.canonicalize(eventAt.apply(i)), i, Proofs.inclusion(tree, i, count)));
        }
        out.write(ExportFormat.checkpointLine(signed));
        return signed;
    }
}
