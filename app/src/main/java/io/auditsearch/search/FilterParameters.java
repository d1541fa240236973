package io.auditsearch.search;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Documents the filter query parameters every read endpoint shares (search, aggregations, export). */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Parameter(name = "q", in = ParameterIn.QUERY, description = "full text, simple_query_string syntax (AND by default; | OR, - NOT, \"phrase\", prefix*), over message, user and resource names, event.action, error.message, event.reason and the values in audit.details/changes")
@Parameter(name = "action", in = ParameterIn.QUERY, description = "event.action, exact or prefix (user.*)", array = @ArraySchema(schema = @Schema(type = "string")))
@Parameter(name = "outcome", in = ParameterIn.QUERY, description = "event.outcome: success, failure, unknown", array = @ArraySchema(schema = @Schema(type = "string")))
@Parameter(name = "category", in = ParameterIn.QUERY, description = "event.category (ECS)", array = @ArraySchema(schema = @Schema(type = "string")))
@Parameter(name = "type", in = ParameterIn.QUERY, description = "event.type (ECS)", array = @ArraySchema(schema = @Schema(type = "string")))
@Parameter(name = "user", in = ParameterIn.QUERY, description = "user.id or user.name (exact or prefix)", array = @ArraySchema(schema = @Schema(type = "string")))
@Parameter(name = "target_user", in = ParameterIn.QUERY, description = "user.target.id or user.target.name", array = @ArraySchema(schema = @Schema(type = "string")))
@Parameter(name = "resource_type", in = ParameterIn.QUERY, description = "audit.resource.type", array = @ArraySchema(schema = @Schema(type = "string")))
@Parameter(name = "resource_id", in = ParameterIn.QUERY, description = "audit.resource.id", array = @ArraySchema(schema = @Schema(type = "string")))
@Parameter(name = "source_ip", in = ParameterIn.QUERY, description = "source.ip: an address or a CIDR block", array = @ArraySchema(schema = @Schema(type = "string")))
@Parameter(name = "tenant", in = ParameterIn.QUERY, description = "organization.id", array = @ArraySchema(schema = @Schema(type = "string")))
@Parameter(name = "service", in = ParameterIn.QUERY, description = "service.name", array = @ArraySchema(schema = @Schema(type = "string")))
@Parameter(name = "level", in = ParameterIn.QUERY, description = "log.level (debug ... emergency; warn means warning)", array = @ArraySchema(schema = @Schema(type = "string")))
@Parameter(name = "tag", in = ParameterIn.QUERY, description = "tags", array = @ArraySchema(schema = @Schema(type = "string")))
@Parameter(name = "control", in = ParameterIn.QUERY, description = "audit.compliance: a compliance control the event is evidence for (PCI-DSS-10.2.1.2, SOC2-CC6.1, GDPR-Art.30), exact or prefix (PCI-DSS-*)", array = @ArraySchema(schema = @Schema(type = "string")))
@Parameter(name = "details.<key>", in = ParameterIn.QUERY, description = "a value of audit.details.<key>, e.g. details.ticket=GDPR-1")
@Parameter(name = "from", in = ParameterIn.QUERY, description = "start (inclusive): RFC 3339, a date, or date math (now-24h, now-7d/d)")
@Parameter(name = "to", in = ParameterIn.QUERY, description = "end (inclusive): RFC 3339, a date, or date math (now, now/d)")
public @interface FilterParameters {
}
