package io.auditsearch.verify.cli;

import io.auditsearch.verify.checkpoint.Checkpoint;
import io.auditsearch.verify.checkpoint.CheckpointException;
import io.auditsearch.verify.checkpoint.ConsistencyStep;
import io.auditsearch.verify.checkpoint.SignedCheckpoint;
import io.auditsearch.verify.checkpoint.TlogProof;
import io.auditsearch.verify.export.ExportReport;
import io.auditsearch.verify.export.ExportVerifier;
import io.auditsearch.verify.json.CanonicalJson;
import io.auditsearch.verify.merkle.TreeHasher;
import io.auditsearch.verify.note.NoteVerifier;
import io.auditsearch.verify.note.SignerKey;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code audit-verify}: checks an audit log's signed checkpoints, their consistency, exports with
 * proofs and single tlog-proofs, offline. Exit status 0 when everything checked holds, 1 when
 * something failed verification (each failure is printed), 2 on usage or read errors.
 */
public final class AuditVerify {
    static final String USAGE = """
            usage: audit-verify checkpoint --key FILE [--origin O] [--key-name N] CHECKPOINT
                   audit-verify chain --key FILE [--origin O] [--key-name N] CHECKPOINT STEP...
                   audit-verify export --key FILE [--origin O] [--key-name N] [--full | --from I --to J] [--threads T] EXPORT.ndjson
                   audit-verify proof --key FILE [--origin O] [--key-name N] PROOF.tlog-proof EVENT.json
                   audit-verify extract --event-id ID EXPORT.ndjson      (prints that event's tlog-proof)
                   audit-verify keygen NAME                              (prints a signer key, then its verifier key)
                   audit-verify walk --elasticsearch URL --key FILE [--log ORIGIN] [--settle SECONDS] [--since INSTANT] [KEPT-CHECKPOINT...]
                                (every log in the cluster against its checkpoint: modified, deleted and inserted events by id;
                                 credentials from ELASTICSEARCH_API_KEY or ELASTICSEARCH_USERNAME/ELASTICSEARCH_PASSWORD)
            FILE: verifier keys <name>+<key id>+<base64>, one a line, or a PEM Ed25519 public key.
            STEP: C2SP tlog-witness add-checkpoint body: "old <size>", consistency proof lines, a blank line, the checkpoint.
            """;
    private static final Set<String> VALUED = Set.of("key", "origin", "key-name", "from", "to", "threads", "event-id",
            "elasticsearch", "log", "settle", "since");
    private static final Set<String> FLAGS = Set.of("full");

    private final PrintStream out;

    AuditVerify(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] argv) {
        System.exit(new AuditVerify(System.out).run(List.of(argv)));
    }

    int run(List<String> argv) {
        if (argv.isEmpty()) {
            out.print(USAGE);
            return 2;
        }
        try {
            if (argv.get(0).equals("--elasticsearch")) {
                argv = new java.util.ArrayList<>(argv);
                argv.add(0, "walk");
            }
            Args args = Args.parse(argv.subList(1, argv.size()), VALUED, FLAGS);
            return switch (argv.get(0)) {
                case "walk" -> walk(args);
                case "checkpoint" -> checkpoint(args);
                case "chain" -> chain(args);
                case "export" -> export(args);
                case "proof" -> proof(args);
                case "extract" -> Extract.run(args, out);
                case "keygen" -> keygen(args);
                default -> throw new Args.UsageException("unknown command " + argv.get(0));
            };
        } catch (Args.UsageException e) {
            out.println("error: " + e.getMessage());
            out.print(USAGE);
            return 2;
        } catch (Exception e) {
            out.println("error: " + e.getMessage());
            return 2;
        }
    }

    private NoteVerifier keys(Args args, String someCheckpoint) throws Exception {
        String name = args.options.getOrDefault("key-name", args.options.get("origin"));
        if (name == null && someCheckpoint != null) {
            name = KeyFile.originOf(someCheckpoint);
        }
        return KeyFile.load(Path.of(args.required("key")), name);
    }

    private static String read(String file) throws Exception {
        return Files.readString(Path.of(file));
    }

    private static void positional(Args args, int min, int max) throws Args.UsageException {
        if (args.positional.size() < min || args.positional.size() > max) {
            throw new Args.UsageException("wrong number of files");
        }
    }

    private int walk(Args args) throws Exception {
        String log = args.options.get("log");
        java.util.List<String> kept = new java.util.ArrayList<>();
        for (String file : args.positional) {
            kept.add(read(file));
        }
        String since = args.options.get("since");
        NoteVerifier verifier = keys(args, log);
        boolean ok = new io.auditsearch.verify.walk.ClusterWalk(args.required("elasticsearch"), System.getenv(), verifier, out)
                .run(log, kept, java.time.Duration.ofSeconds(args.number("settle", 60)),
                        since == null ? null : java.time.Instant.parse(since));
        return ok ? 0 : 1;
    }

    private int checkpoint(Args args) throws Exception {
        positional(args, 1, 1);
        String note = read(args.positional.get(0));
        try {
            SignedCheckpoint c = SignedCheckpoint.open(note, keys(args, note), args.options.get("origin"));
            out.println("OK: " + describe(c));
            return 0;
        } catch (CheckpointException e) {
            out.println("FAIL " + args.positional.get(0) + ": " + e.getMessage());
            return 1;
        }
    }

    private int chain(Args args) throws Exception {
        positional(args, 2, Integer.MAX_VALUE);
        String first = read(args.positional.get(0));
        NoteVerifier keys = keys(args, first);
        Checkpoint previous;
        try {
            SignedCheckpoint c = SignedCheckpoint.open(first, keys, args.options.get("origin"));
            out.println("checkpoint " + args.positional.get(0) + ": " + describe(c));
            previous = c.checkpoint();
        } catch (CheckpointException e) {
            out.println("FAIL " + args.positional.get(0) + ": " + e.getMessage());
            return 1;
        }
        int failures = 0;
        for (String file : args.positional.subList(1, args.positional.size())) {
            try {
                SignedCheckpoint next = ConsistencyStep.parse(read(file)).verifyAfter(previous, keys);
                out.println("consistent " + file + ": tree size " + previous.size() + " -> " + next.checkpoint().size());
                previous = next.checkpoint();
            } catch (CheckpointException e) {
                failures++;
                out.println("FAIL " + file + ": " + e.getMessage() + " (the next step is checked against tree size "
                        + previous.size() + ")");
            }
        }
        out.println(failures == 0 ? "OK: " + (args.positional.size() - 1) + " steps consistent, ending at tree size "
                + previous.size() : "FAILED: " + failures + " of " + (args.positional.size() - 1) + " steps");
        return failures == 0 ? 0 : 1;
    }

    private int export(Args args) throws Exception {
        positional(args, 1, 1);
        Path file = Path.of(args.positional.get(0));
        NoteVerifier keys = keys(args, ExportVerifier.checkpointOf(file));
        long from = args.number("from", 1);
        long to = args.number("to", 0);
        if (args.flags.contains("full")) {
            from = 0;
            to = -2;
        } else if (args.options.containsKey("from") != args.options.containsKey("to")) {
            throw new Args.UsageException("give both --from and --to");
        }
        int threads = (int) args.number("threads", Runtime.getRuntime().availableProcessors());
        ExportReport report = new ExportReport(out);
        long started = System.nanoTime();
        new ExportVerifier(keys, args.options.get("origin"), threads).verify(file, from, to, report);
        report.summary();
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf("checked in %.1f s%n", seconds);
        return report.clean() ? 0 : 1;
    }

    private int proof(Args args) throws Exception {
        positional(args, 2, 2);
        TlogProof proof = TlogProof.parse(read(args.positional.get(0)));
        byte[] event = CanonicalJson.canonicalize(Files.readAllBytes(Path.of(args.positional.get(1))));
        try {
            SignedCheckpoint c = proof.verify(new TreeHasher().leafHash(event), keys(args, proof.signedCheckpoint()),
                    args.options.get("origin"));
            out.println("OK: the event is entry " + proof.index() + " of " + describe(c));
            return 0;
        } catch (CheckpointException e) {
            out.println("FAIL: " + e.getMessage());
            return 1;
        }
    }

    private int keygen(Args args) throws Exception {
        positional(args, 1, 1);
        SignerKey key = SignerKey.generate(args.positional.get(0));
        out.println(key.encode());
        out.println(key.verifierKey().encode());
        return 0;
    }

    private static String describe(SignedCheckpoint c) {
        return "log " + c.checkpoint().origin() + ", tree size " + c.checkpoint().size() + ", root "
                + java.util.Base64.getEncoder().encodeToString(c.checkpoint().rootHash()) + ", signed by "
                + c.verification().verified();
    }
}
