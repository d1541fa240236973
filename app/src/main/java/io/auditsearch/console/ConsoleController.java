package io.auditsearch.console;

import io.auditsearch.problem.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Hidden;
import java.nio.charset.StandardCharsets;

/**
 * The console's files, public (anonymous) in the intercept-url-map: they hold no data; every datum comes from the
 * authenticated API. {@code /console} and {@code /console/admin/*} answer the single page, {@code /console/embed}
 * the embed page with the {@code frame-ancestors} of its token (a bad or expired token: a 401 page saying so).
 */
@Controller("/console")
@Hidden
class ConsoleController {

    private static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final ConsoleAssets assets;
    private final ViewerTokens tokens;

    ConsoleController(ConsoleAssets assets, ViewerTokens tokens) {
        this.assets = assets;
        this.tokens = tokens;
    }

    @Get(uris = {"/", "/admin/{page}"})
    HttpResponse<byte[]> page(@Nullable @PathVariable String page) {
        ConsoleAssets.Asset index = assets.page("index.html").orElseThrow(ConsoleController::notBuilt);
        return answer(index, "no-cache");
    }

    @Get("/assets/{name}")
    HttpResponse<byte[]> asset(@PathVariable String name) {
        ConsoleAssets.Asset asset = assets.asset(name).orElseThrow(() ->
                new ApiException(HttpStatus.NOT_FOUND, "not_found", "Not found", "no console file " + name));
        return answer(asset, IMMUTABLE);
    }

    @Get("/embed")
    HttpResponse<byte[]> embed(@Nullable @QueryValue String token) {
        ViewerTokens.Verdict verdict = token == null || token.isBlank() ? new ViewerTokens.Invalid("missing") : tokens.verify(token.strip());
        return switch (verdict) {
            case ViewerTokens.Valid valid -> answer(assets.page("embed.html").orElseThrow(ConsoleController::notBuilt), "no-store")
                    .header(ConsoleHeaders.CSP, ConsoleHeaders.embedPolicy(valid.grant().origins()));
            case ViewerTokens.Expired expired -> refusal("This view has expired",
                    "The link to these audit events has expired. Ask whoever gave it to you for a new one.")
                    .header(ConsoleHeaders.CSP, ConsoleHeaders.embedPolicy(expired.grant().origins()));
            case ViewerTokens.Invalid invalid -> refusal("This link is not valid",
                    "The link to these audit events is incomplete or not valid. Ask whoever gave it to you for a new one.")
                    .header(ConsoleHeaders.CSP, ConsoleHeaders.refusalPolicy());
        };
    }

    private static MutableHttpResponse<byte[]> answer(ConsoleAssets.Asset asset, String cacheControl) {
        return HttpResponse.ok(asset.bytes()).contentType(asset.contentType()).header(HttpHeaders.CACHE_CONTROL, cacheControl);
    }

    /** A page without script or style (none is needed to read two sentences), answered 401. */
    private static MutableHttpResponse<byte[]> refusal(String title, String text) {
        String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title + "</title></head>"
                + "<body><main><h1>" + title + "</h1><p>" + text + "</p></main></body></html>";
        return HttpResponse.<byte[]>status(HttpStatus.UNAUTHORIZED).body(html.getBytes(StandardCharsets.UTF_8))
                .contentType("text/html;charset=utf-8").header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    private static ApiException notBuilt() {
        return new ApiException(HttpStatus.NOT_FOUND, "not_found", "Console not built",
                "this jar was built without the console (-Dconsole.skip); build it with ./mvnw package");
    }
}
