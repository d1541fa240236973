package io.auditsearch.search;

import io.auditsearch.problem.BadRequestException;
/**
 * Checks {@code q} before it reaches Elasticsearch. simple_query_string never fails on bad syntax, it
 * silently drops what it cannot read, which in a forensic search means silently answering a different
 * question; so an unclosed phrase or group, a dangling operator or an unsupported wildcard is a 400
 * naming the position here. It also caps the cost of prefix terms (each expands to every matching term).
 */
final class QuerySyntax {

    private final int maxLength;
    private final int maxPrefixTerms;
    private final int minPrefixLength;

    QuerySyntax(SearchConfiguration config) {
        this.maxLength = config.getMaxQueryLength();
        this.maxPrefixTerms = config.getMaxPrefixTerms();
        this.minPrefixLength = config.getMinPrefixLength();
    }

    private enum Last { START, OPERAND, BINARY, NOT, OPEN }

    void check(String q) {
        if (q.length() > maxLength) {
            throw invalid("q is " + q.length() + " characters long, more than the limit of " + maxLength);
        }
        int depth = 0;
        int openAt = -1;
        int prefixTerms = 0;
        int terms = 0;
        Last last = Last.START;
        int i = 0;
        int n = q.length();
        while (i < n) {
            char c = q.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                if (last == Last.OPERAND) {
                    last = Last.BINARY; // implicit AND between a term and a group
                }
                depth++;
                openAt = i;
                last = Last.OPEN;
                i++;
            } else if (c == ')') {
                if (depth == 0) {
                    throw invalid("')' at position " + (i + 1) + " closes no group");
                }
                if (last == Last.OPEN) {
                    throw invalid("the group ending at position " + (i + 1) + " is empty");
                }
                if (last == Last.BINARY || last == Last.NOT) {
                    throw invalid("an operator before ')' at position " + (i + 1) + " has nothing to apply to");
                }
                depth--;
                last = Last.OPERAND;
                i++;
            } else if (c == '|' || c == '+') {
                if (last == Last.START || last == Last.OPEN || last == Last.BINARY || last == Last.NOT) {
                    throw invalid("'" + c + "' at position " + (i + 1) + " has no term on its left");
                }
                last = Last.BINARY;
                i++;
            } else if (c == '-' && last != Last.OPERAND) {
                last = Last.NOT;
                i++;
            } else if (c == '"') {
                int close = closingQuote(q, i + 1);
                if (close < 0) {
                    throw invalid("the phrase starting at position " + (i + 1) + " has no closing quote");
                }
                i = suffix(q, close + 1, 100);
                terms++;
                last = Last.OPERAND;
            } else {
                int start = i;
                StringBuilder term = new StringBuilder();
                while (i < n && !Character.isWhitespace(q.charAt(i)) && "()|+\"".indexOf(q.charAt(i)) < 0) {
                    char t = q.charAt(i);
                    if (t == '\\' && i + 1 < n) {
                        term.append('x'); // an escaped character is literal
                        i += 2;
                        continue;
                    }
                    if (t == '~') {
                        break;
                    }
                    term.append(t);
                    i++;
                }
                String word = term.toString();
                int star = word.indexOf('*');
                if (star == 0) {
                    throw invalid("the term at position " + (start + 1) + " starts with '*': leading wildcards are not supported (they scan every term)");
                }
                if (star > 0 && star != word.length() - 1) {
                    throw invalid("the term at position " + (start + 1) + " has '*' inside it: '*' is only allowed at the end of a term (prefix search)");
                }
                if (star > 0) {
                    if (star < minPrefixLength) {
                        throw invalid("the prefix '" + word + "' at position " + (start + 1) + " is shorter than " + minPrefixLength + " characters before '*'");
                    }
                    if (++prefixTerms > maxPrefixTerms) {
                        throw invalid("more than " + maxPrefixTerms + " prefix terms (term*) in one query");
                    }
                }
                if (i < n && q.charAt(i) == '~') {
                    i = suffix(q, i, 2);
                }
                if (!word.isEmpty()) {
                    terms++;
                }
                last = Last.OPERAND;
            }
        }
        if (depth > 0) {
            throw invalid("the group opened at position " + (openAt + 1) + " is not closed");
        }
        if (last == Last.BINARY || last == Last.NOT) {
            throw invalid("the query ends with an operator that has nothing to apply to");
        }
        if (terms == 0) {
            throw invalid("the query has no term to search for");
        }
    }

    private static int closingQuote(String q, int from) {
        for (int i = from; i < q.length(); i++) {
            char c = q.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }

    /** Reads an optional {@code ~N} after a term (fuzziness, at most 2) or a phrase (slop). */
    private int suffix(String q, int i, int max) {
        if (i >= q.length() || q.charAt(i) != '~') {
            return i;
        }
        int j = i + 1;
        while (j < q.length() && Character.isDigit(q.charAt(j))) {
            j++;
        }
        if (j > i + 1) {
            int value = Integer.parseInt(q.substring(i + 1, Math.min(j, i + 6)));
            if (value > max) {
                throw invalid("'~" + value + "' at position " + (i + 1) + " is more than " + max
                        + (max == 2 ? " (edit distance of a fuzzy term)" : " (slop of a phrase)"));
            }
        }
        return j;
    }

    private static BadRequestException invalid(String detail) {
        return new BadRequestException("invalid_query", "Invalid q (simple_query_string syntax)", "q: " + detail);
    }
}
