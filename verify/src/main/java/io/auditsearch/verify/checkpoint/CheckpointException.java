package io.auditsearch.verify.checkpoint;

/** A checkpoint, proof or chain step that is malformed or does not verify. */
public final class CheckpointException extends Exception {
    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
