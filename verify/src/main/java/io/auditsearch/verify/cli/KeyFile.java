package io.auditsearch.verify.cli;

import io.auditsearch.verify.note.Ed25519;
import io.auditsearch.verify.note.NoteException;
import io.auditsearch.verify.note.NoteVerifier;
import io.auditsearch.verify.note.VerifierKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The trusted keys of a {@code --key FILE}: either verifier key strings
 * ({@code <name>+<key ID>+<base64>}), one a line (several for key rotation; {@code #} comments), or
 * one PEM Ed25519 public key, whose note key name is {@code --key-name}, else the log's origin.
 */
final class KeyFile {
    private KeyFile() {}

    static NoteVerifier load(Path file, String pemKeyName) throws IOException, NoteException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<VerifierKey> keys = new ArrayList<>();
        if (text.contains("-----BEGIN PUBLIC KEY-----")) {
            if (pemKeyName == null) {
                throw new NoteException("a PEM key needs a key name: give --key-name or --origin");
            }
            keys.add(VerifierKey.of(pemKeyName, Ed25519.publicKeyFromPem(text)));
        } else {
            for (String line : text.lines().map(String::strip).toList()) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    keys.add(VerifierKey.parse(line));
                }
            }
        }
        if (keys.isEmpty()) {
            throw new NoteException(file + " holds no key");
        }
        return new NoteVerifier(keys);
    }

    /** The first line of a signed checkpoint (its origin), to name a PEM key when nothing else does. */
    static String originOf(String signedCheckpoint) {
        int nl = signedCheckpoint.indexOf('\n');
        return nl <= 0 ? null : signedCheckpoint.substring(0, nl);
    }
}
