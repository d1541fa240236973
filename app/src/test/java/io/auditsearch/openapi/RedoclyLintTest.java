package io.auditsearch.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Redocly's own lint, recommended rules, on the document {@code GET /openapi} serves (the generated
 * resource, served byte for byte: {@link OpenApiDocumentTest} checks that). Run through {@code npx}
 * from the npm registry, pinned; skipped, saying so, on a machine without npx. Warnings are allowed
 * (no license is declared; the server is localhost).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RedoclyLintTest {

    static final String REDOCLY = "@redocly/cli@2.77.0";

    @Test
    void theServedDocumentPassesRedoclysRecommendedLint() throws IOException, InterruptedException {
        assumeTrue(onPath("npx"), "npx (npm) is not on the PATH: Redocly lint (" + REDOCLY + ") skipped;"
                + " OpenApiDocumentTest checks the same rules");
        Path spec = Path.of("target", "openapi", "audit-search-v1.yml");
        Files.createDirectories(spec.getParent());
        try (InputStream in = RedoclyLintTest.class.getClassLoader().getResourceAsStream(OpenApiDocumentTest.RESOURCE)) {
            assertNotNull(in, OpenApiDocumentTest.RESOURCE);
            Files.write(spec, in.readAllBytes());
        }
        Path log = spec.resolveSibling("redocly-lint.txt");
        Process lint = new ProcessBuilder(List.of("npx", "--yes", REDOCLY, "lint", "--extends=recommended", "--format=stylish",
                spec.toAbsolutePath().toString())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!lint.waitFor(4, TimeUnit.MINUTES)) {
            lint.destroyForcibly();
            throw new AssertionError("redocly lint did not finish in 4 minutes");
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, lint.exitValue(), output);
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null && List.of(path.split(File.pathSeparator)).stream().anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }
}
