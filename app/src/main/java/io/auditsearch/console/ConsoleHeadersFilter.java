package io.auditsearch.console;

import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/** Puts {@link ConsoleHeaders} on every answer under {@code /console}, errors included. */
@ServerFilter({"/console", "/console/**"})
class ConsoleHeadersFilter {

    @ResponseFilter
    void headers(MutableHttpResponse<?> response) {
        ConsoleHeaders.common(response);
    }
}
