package io.auditsearch.console;

import io.micronaut.http.MutableHttpResponse;
import java.util.List;

/**
 * The console's response headers: a strict Content-Security-Policy (scripts, styles and calls to this origin
 * only; no inline script or style, no plugins, no framing but an embed token's origins), no MIME sniffing, no
 * referrer (the embed page's URL holds its token).
 */
final class ConsoleHeaders {

    static final String CSP = "Content-Security-Policy";
    private static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors ";

    private ConsoleHeaders() {
    }

    /** The policy of every console page: framed by nobody. */
    static String policy() {
        return POLICY + "'none'";
    }

    /** The policy of an embed page: framed by this service and the token's origins (checked at minting: scheme://host[:port]). */
    static String embedPolicy(List<String> origins) {
        return POLICY + "'self'" + (origins.isEmpty() ? "" : " " + String.join(" ", origins));
    }

    /** The policy of the page saying a token is bad: it holds nothing, any site may frame it so its embedder shows why. */
    static String refusalPolicy() {
        return POLICY + "*";
    }

    static void common(MutableHttpResponse<?> response) {
        response.header("X-Content-Type-Options", "nosniff");
        response.header("Referrer-Policy", "no-referrer");
        response.header("Cross-Origin-Opener-Policy", "same-origin");
        response.header("Cross-Origin-Resource-Policy", "same-origin");
        response.header("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
        if (!response.getHeaders().contains(CSP)) {
            response.header(CSP, policy());
            response.header("X-Frame-Options", "DENY");
        }
    }
}
