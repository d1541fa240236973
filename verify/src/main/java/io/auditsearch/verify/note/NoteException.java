package io.auditsearch.verify.note;

/** A note, key or signature that is malformed or does not verify. */
public final class NoteException extends Exception {
    public NoteException(String message) {
        super(message);
    }

    public NoteException(String message, Throwable cause) {
        super(message, cause);
    }
}
