package io.auditsearch.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every error response ({@code application/problem+json}).
 *
 * @param type     URI naming the kind of problem ({@code urn:audit-search:problem:validation})
 * @param title    short summary of the kind of problem
 * @param status   the HTTP status
 * @param detail   what went wrong in this request, naming the field and rule where there is one
 * @param instance the request path
 * @param errors   for validation problems, every field error
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record Problem(String type, String title, int status, @Nullable String detail, @Nullable String instance,
                      @Nullable List<FieldError> errors) {

    public static final String CONTENT_TYPE = "application/problem+json";
    public static final MediaType MEDIA_TYPE = MediaType.of(CONTENT_TYPE);

    public static String type(String slug) {
        return "urn:audit-search:problem:" + slug;
    }
}
