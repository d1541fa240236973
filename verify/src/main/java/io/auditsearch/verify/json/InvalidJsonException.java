package io.auditsearch.verify.json;

/** JSON that RFC 8785 cannot canonicalize: malformed, or with numbers outside IEEE 754 doubles. */
public final class InvalidJsonException extends Exception {
    public InvalidJsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
