package io.auditsearch.verify.merkle;

/** A proof that cannot hold whatever its hashes: wrong sizes, wrong length, wrong index. */
public final class ProofException extends Exception {
    public ProofException(String message) {
        super(message);
    }
}
