package io.auditsearch.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The questions of the search benchmark, over the stored period ending at {@code end}: filters,
 * full text (with highlighting), a page of 1,000, and two aggregations (timeline with top actions,
 * timeline with facets for one tenant). Values come from {@link AuditVocabulary}.
 */
final class QuestionMix {

    private QuestionMix() {
    }

    static List<Question> of(Instant end) {
        String to = end.toString();
        String d1 = end.minus(Duration.ofDays(1)).toString();
        String d7 = end.minus(Duration.ofDays(7)).toString();
        String d30 = end.minus(Duration.ofDays(30)).toString();
        Question.Kind s = Question.Kind.SEARCH;
        Question.Kind a = Question.Kind.AGGREGATE;
        return List.of(
                Question.of("filters: tenant+action+outcome, 7d", s,
                        "tenant", "org-acme", "action", "user.login", "outcome", "failure", "from", d7, "to", to),
                Question.of("filters: user+action prefix, 30d, 100", s,
                        "user", "alice.smith", "action", "role.*", "from", d30, "to", to, "size", "100"),
                Question.of("full text: \"incident response\", 1d", s,
                        "q", "\"incident response\"", "from", d1, "to", to),
                Question.of("full text+highlight+failure, 7d", s,
                        "q", "churn predictor", "outcome", "failure", "highlight", "true", "from", d7, "to", to),
                Question.of("page of 1,000: source_ip /8, 30d", s,
                        "source_ip", "10.0.0.0/8", "from", d30, "to", to, "size", "1000"),
                Question.of("agg: timeline+top actions, 30d", a,
                        "facet", "action", "from", d30, "to", to),
                Question.of("agg: timeline+user/outcome, tenant, 7d", a,
                        "tenant", "org-globex", "facet", "user", "facet", "outcome", "from", d7, "to", to));
    }
}
