package io.auditsearch.analytics;

import io.auditsearch.problem.BadRequestException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The keyword fields facets and group_by may use (an allow-list: any other field is a 400). */
enum FacetField {
    ACTION("action", "event.action"),
    OUTCOME("outcome", "event.outcome"),
    CATEGORY("category", "event.category"),
    USER("user", "user.name"),
    TARGET_USER("target_user", "user.target.name"),
    RESOURCE_TYPE("resource_type", "audit.resource.type"),
    SOURCE_IP("source_ip", "source.ip"),
    TENANT("tenant", "organization.id"),
    SERVICE("service", "service.name"),
    LEVEL("level", "log.level"),
    CONTROL("control", "audit.compliance");

    final String param;
    final String field;

    FacetField(String param, String field) {
        this.param = param;
        this.field = field;
    }

    static FacetField of(String parameter, String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (FacetField f : values()) {
            if (f.param.equals(n) || f.field.equals(n)) {
                return f;
            }
        }
        throw BadRequestException.parameter(parameter, "'" + name + "' is not a field to aggregate on; one of "
                + Arrays.stream(values()).map(f -> f.param).collect(Collectors.joining(", ")));
    }
}
