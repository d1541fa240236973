package io.auditsearch.dashboards;

/**
 * A field a saved object relies on, what it needs from the field, and where it is used.
 *
 * @param field the field name as Elasticsearch knows it
 * @param need what the panel does with it
 * @param where the object and panel, for failure messages
 */
record FieldUse(String field, Need need, String where) {

    enum Need {
        /** Bucketed or metric aggregation (terms, date histogram, unique count), or sort. */
        AGGREGATE,
        /** Used in a query or filter. */
        SEARCH,
        /** Only shown (a saved search column). */
        EXIST
    }
}
