package io.auditsearch.console;

import io.micronaut.http.MediaType;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The built console in the jar ({@code META-INF/console}, made by {@code npm run build} from {@code console/} during
 * the Maven build): read once, kept in memory (tens of kilobytes). Only plain file names are served: no path
 * separators, no dot-dot.
 */
@Singleton
class ConsoleAssets {

    static final String ROOT = "META-INF/console/";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
    private static final Map<String, String> TYPES = Map.of(
            "html", MediaType.TEXT_HTML + ";charset=utf-8",
            "js", "text/javascript;charset=utf-8",
            "css", "text/css;charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "woff2", "font/woff2",
            "json", MediaType.APPLICATION_JSON);

    /** A file to answer with. */
    record Asset(byte[] bytes, String contentType) {
    }

    private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

    /** {@code index.html} or {@code embed.html}, when the console was built into the jar. */
    Optional<Asset> page(String name) {
        return load(name);
    }

    /** A hashed file of {@code assets/}. */
    Optional<Asset> asset(String name) {
        if (!NAME.matcher(name).matches() || name.contains("..")) {
            return Optional.empty();
        }
        return load("assets/" + name);
    }

    private Optional<Asset> load(String path) {
        return cache.computeIfAbsent(path, p -> {
            String extension = p.substring(p.lastIndexOf('.') + 1);
            String type = TYPES.get(extension);
            if (type == null) {
                return Optional.empty();
            }
            try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream(ROOT + p)) {
                return in == null ? Optional.empty() : Optional.of(new Asset(in.readAllBytes(), type));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + ROOT + p, e);
            }
        });
    }
}
