package io.auditsearch.verify.note;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A C2SP signed note: a text ending in a newline, a blank line, then one or more signature lines.
 * Parsing checks only the syntax; {@link NoteVerifier} decides whether a note can be trusted.
 */
public record Note(String text, List<NoteSignature> signatures) {
    /** More signatures than this make a note malformed (the spec's floor is 16). */
    public static final int MAX_SIGNATURES = 100;

    public Note {
        signatures = List.copyOf(signatures);
    }

    /** Parses a signed note. */
    public static Note parse(byte[] bytes) throws NoteException {
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new NoteException("a note must be UTF-8");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\n') {
                throw new NoteException("a note must not hold control characters other than newline");
            }
        }
        int split = s.lastIndexOf("\n\n");
        if (split < 0 || !s.endsWith("\n") || split + 2 == s.length()) {
            throw new NoteException("a note is a text, a blank line and signature lines, each ending in a newline");
        }
        String text = s.substring(0, split + 1);
        String[] lines = s.substring(split + 2, s.length() - 1).split("\n", -1);
        if (lines.length > MAX_SIGNATURES) {
            throw new NoteException("more than " + MAX_SIGNATURES + " signatures");
        }
        List<NoteSignature> signatures = new ArrayList<>();
        for (String line : lines) {
            signatures.add(NoteSignature.parse(line));
        }
        return new Note(text, signatures);
    }

    /** Parses a signed note from text. */
    public static Note parse(String text) throws NoteException {
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The note as signed text: the text, a blank line, the signature lines. */
    public String encode() {
        StringBuilder out = new StringBuilder(text).append('\n');
        for (NoteSignature s : signatures) {
            out.append(s.line()).append('\n');
        }
        return out.toString();
    }

    /** A new note of this text signed by the given keys (signatures of the same keys are replaced). */
    public static Note sign(String text, List<SignerKey> signers) throws NoteException {
        checkText(text);
        List<NoteSignature> signatures = new ArrayList<>();
        for (SignerKey signer : signers) {
            signatures.add(signer.sign(text));
        }
        return new Note(text, signatures);
    }

    /** This note with one more signature, over the same text, by {@code signer}. */
    public Note cosign(SignerKey signer) {
        List<NoteSignature> all = new ArrayList<>();
        for (NoteSignature s : signatures) {
            if (!(s.keyName().equals(signer.name()) && s.keyId() == signer.verifierKey().keyId())) {
                all.add(s);
            }
        }
        all.add(signer.sign(text));
        return new Note(text, all);
    }

    static void checkText(String text) throws NoteException {
        if (text.isEmpty() || !text.endsWith("\n")) {
            throw new NoteException("a note text ends in a newline");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n') {
                throw new NoteException("a note text must not hold control characters other than newline");
            }
        }
    }
}
