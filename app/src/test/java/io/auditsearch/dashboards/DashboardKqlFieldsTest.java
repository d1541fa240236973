package io.auditsearch.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Reading field names out of the dashboards' KQL queries. */
@Tag("unit")
class DashboardKqlFieldsTest {

    @Test
    void fieldsAreReadFromMatchesRangesAndGroups() {
        assertEquals(Set.of("event.category", "event.type", "event.action", "http.response.status_code", "@timestamp"),
                KqlFields.of("(event.category: \"authentication\" and event.type: start) or event.action: (*login* or *mfa*)"
                        + " or http.response.status_code >= 400 and @timestamp < now"));
    }

    @Test
    void quotedValuesAndWildcardValuesAreNotFields() {
        assertEquals(Set.of("message", "event.action"),
                KqlFields.of("message: \"user.name: x and a:b\" and event.action: *token:*"));
    }

    @Test
    void aQueryWithoutFieldsHasNone() {
        assertEquals(Set.of(), KqlFields.of("\"free text\" and more"));
    }
}
