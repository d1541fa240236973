package io.auditsearch.search;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documents the filter query parameters every read endpoint shares (search, aggregations, export). Each
 * names its definition in {@code src/main/openapi/parameters.yml} (description and schema), which
 * micronaut-openapi merges into the document. {@code details.<key>=<value>} (a value of
 * {@code audit.details.<key>}) is described in the operations' text: OpenAPI has no parameter name pattern.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Parameter(name = "q", in = ParameterIn.QUERY, ref = "#/components/parameters/q")
@Parameter(name = "action", in = ParameterIn.QUERY, ref = "#/components/parameters/action")
@Parameter(name = "outcome", in = ParameterIn.QUERY, ref = "#/components/parameters/outcome")
@Parameter(name = "category", in = ParameterIn.QUERY, ref = "#/components/parameters/category")
@Parameter(name = "type", in = ParameterIn.QUERY, ref = "#/components/parameters/type")
@Parameter(name = "user", in = ParameterIn.QUERY, ref = "#/components/parameters/user")
@Parameter(name = "target_user", in = ParameterIn.QUERY, ref = "#/components/parameters/target_user")
@Parameter(name = "resource_type", in = ParameterIn.QUERY, ref = "#/components/parameters/resource_type")
@Parameter(name = "resource_id", in = ParameterIn.QUERY, ref = "#/components/parameters/resource_id")
@Parameter(name = "source_ip", in = ParameterIn.QUERY, ref = "#/components/parameters/source_ip")
@Parameter(name = "tenant", in = ParameterIn.QUERY, ref = "#/components/parameters/tenant")
@Parameter(name = "service", in = ParameterIn.QUERY, ref = "#/components/parameters/service")
@Parameter(name = "level", in = ParameterIn.QUERY, ref = "#/components/parameters/level")
@Parameter(name = "tag", in = ParameterIn.QUERY, ref = "#/components/parameters/tag")
@Parameter(name = "control", in = ParameterIn.QUERY, ref = "#/components/parameters/control")
@Parameter(name = "from", in = ParameterIn.QUERY, ref = "#/components/parameters/from")
@Parameter(name = "to", in = ParameterIn.QUERY, ref = "#/components/parameters/to")
public @interface FilterParameters {
}
