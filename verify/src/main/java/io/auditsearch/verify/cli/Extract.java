package io.auditsearch.verify.cli;

import io.auditsearch.verify.checkpoint.TlogProof;
import io.auditsearch.verify.export.ExportLine;
import io.auditsearch.verify.export.ExportVerifier;
import io.auditsearch.verify.merkle.TreeHasher;
import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code extract --event-id ID EXPORT}: prints the C2SP tlog-proof of one event of an export (its
 * leaf index, inclusion proof and the export's checkpoint), to hand to someone with just that event.
 * Nothing is verified here; {@code audit-verify proof} verifies the result.
 */
final class Extract {
    private Extract() {}

    static int run(Args args, PrintStream out) throws Exception {
        String id = args.required("event-id");
        if (args.positional.size() != 1) {
            throw new Args.UsageException("extract takes one export file");
        }
        Path file = Path.of(args.positional.get(0));
        String checkpoint = ExportVerifier.checkpointOf(file);
        if (checkpoint == null) {
            out.println("error: the export's last line is not a checkpoint");
            return 2;
        }
        TreeHasher hasher = new TreeHasher();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (!line.contains(id)) {
                    continue;
                }
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                ExportLine parsed = ExportLine.parse(number, bytes, 0, bytes.length, hasher);
                if (id.equals(parsed.eventId()) && !parsed.isError()) {
                    out.print(new TlogProof(null, parsed.leafIndex(), parsed.inclusion(), checkpoint).encode());
                    return 0;
                }
            }
        }
        out.println("error: no event " + id + " in " + file);
        return 1;
    }
}
