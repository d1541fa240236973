package io.auditsearch.integrity;

import io.auditsearch.verify.note.NoteException;
import io.auditsearch.verify.note.NoteVerifier;
import io.auditsearch.verify.note.SignerKey;
import io.auditsearch.verify.note.VerifierKey;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoint signing key (Ed25519, C2SP signed-note key text): {@code audit.integrity.signing-key-file},
 * or {@code $AUDIT_DATA_DIR/integrity/signing.key} created (mode 0600) on first start. Only the
 * verifier key is ever logged or served. Old verifier keys ({@code previous-verifier-keys}) stay
 * listed so checkpoints signed before a rotation still verify.
 */
@Singleton
class SigningKeys {

    private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);

    private final SignerKey signer;
    private final List<VerifierKey> previous = new ArrayList<>();

    SigningKeys(LogIdentity identity, IntegrityConfiguration config) {
        Path file = config.getSigningKeyFile().map(Path::of).orElse(identity.dir().resolve("signing.key"));
        try {
            if (!Files.exists(file) && config.getSigningKeyFile().isEmpty()) {
                create(file, identity.keyName());
            }
            signer = SignerKey.parse(Files.readString(file, StandardCharsets.UTF_8));
            for (String k : config.getPreviousVerifierKeys()) {
                previous.add(VerifierKey.parse(k));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the signing key file " + file, e);
        } catch (NoteException e) {
            // the message names the problem, never the key
            throw new IllegalStateException("the signing key in " + file + " is not usable: " + e.getMessage(), e);
        }
        LOG.info("Checkpoints are signed by {}", signer.verifierKey().encode());
    }

    private static void create(Path file, String name) throws IOException {
        try {
            SignerKey key = SignerKey.generate(name);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, key.encode() + "\n", StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            LOG.info("Created a new checkpoint signing key in {}", file);
        } catch (NoteException e) {
            throw new IllegalStateException("cannot create a signing key named " + name + ": " + e.getMessage(), e);
        }
    }

    SignerKey signer() {
        return signer;
    }

    VerifierKey verifierKey() {
        return signer.verifierKey();
    }

    List<VerifierKey> previous() {
        return List.copyOf(previous);
    }

    /** The Ed25519 public key as PEM (SubjectPublicKeyInfo). */
    String pem() {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(signer.verifierKey().publicKey().getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n";
    }

    /** Trusts the current key and the previous ones. */
    NoteVerifier verifier() {
        List<VerifierKey> all = new ArrayList<>(previous);
        all.add(signer.verifierKey());
        try {
            return new NoteVerifier(all);
        } catch (NoteException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
