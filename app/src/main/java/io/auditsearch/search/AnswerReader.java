package io.auditsearch.search;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Follows the tokens of a search answer, {@code {"pit_id":..,"timed_out":..,"hits":{"total":{..},"hits":[{"_source":
 * {..},"highlight":{..},"sort":[..]},..]}}}, as a non-blocking parser hands them over, and notes for each hit where
 * its {@code _source} begins and ends in the answer (byte offsets), its highlight and its sort key. The offsets are
 * the parser's position just past a brace ({@code currentLocation}): the non-blocking parser's token locations
 * are not exact for structural tokens, its position after one is.
 */
final class AnswerReader {

    /**
     * One hit: its {@code _source} as offsets in the whole answer, [sourceFrom, sourceTo), or -1 when it has none.
     *
     * @param highlight fragments by the field as the caller knows it, or null
     */
    record Hit(long sourceFrom, long sourceTo, Map<String, List<String>> highlight) {
    }

    private enum State { START, ROOT, HITS_OBJECT, TOTAL, HITS_ARRAY, HIT, SOURCE, HIGHLIGHT, FRAGMENTS, SORT, SKIP, DONE }

    private State state = State.START;
    private State afterSkip;
    private int depth;
    private String field;

    private boolean timedOut;
    private String pitId;
    private long total = -1;
    private boolean exact = true;
    private boolean inHits;

    private long sourceFrom = -1;
    private long sourceTo = -1;
    private Map<String, List<String>> highlight;
    private List<String> fragments;
    private int sortIndex;
    private long sortTime;
    private String sortId;
    private PageStream.SortKey last;

    /** Reads every token available, handing each whole hit to {@code hits}. */
    void read(JsonParser parser, Consumer<Hit> hits) throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) != null && token != JsonToken.NOT_AVAILABLE) {
            take(parser, token, hits);
        }
    }

    private void take(JsonParser p, JsonToken t, Consumer<Hit> hits) throws IOException {
        switch (state) {
            case START -> {
                if (t != JsonToken.START_OBJECT) {
                    throw new IOException("the search answer is not a JSON object");
                }
                state = State.ROOT;
            }
            case ROOT -> {
                if (t == JsonToken.FIELD_NAME) {
                    field = p.currentName();
                } else if (t == JsonToken.END_OBJECT) {
                    state = State.DONE;
                } else if (field.equals("timed_out")) {
                    timedOut = t == JsonToken.VALUE_TRUE;
                } else if (field.equals("pit_id") && t == JsonToken.VALUE_STRING) {
                    pitId = p.getText();
                } else if (field.equals("hits") && t == JsonToken.START_OBJECT) {
                    state = State.HITS_OBJECT;
                } else {
                    skip(t, State.ROOT);
                }
            }
            case HITS_OBJECT -> {
                if (t == JsonToken.FIELD_NAME) {
                    field = p.currentName();
                } else if (t == JsonToken.END_OBJECT) {
                    state = State.ROOT;
                } else if (field.equals("total") && t == JsonToken.START_OBJECT) {
                    state = State.TOTAL;
                } else if (field.equals("hits") && t == JsonToken.START_ARRAY) {
                    inHits = true;
                    state = State.HITS_ARRAY;
                } else {
                    skip(t, State.HITS_OBJECT);
                }
            }
            case TOTAL -> {
                if (t == JsonToken.FIELD_NAME) {
                    field = p.currentName();
                } else if (t == JsonToken.END_OBJECT) {
                    state = State.HITS_OBJECT;
                } else if (field.equals("value") && t == JsonToken.VALUE_NUMBER_INT) {
                    total = p.getLongValue();
                } else if (field.equals("relation") && t == JsonToken.VALUE_STRING) {
                    exact = p.getText().equals("eq");
                } else {
                    skip(t, State.TOTAL);
                }
            }
            case HITS_ARRAY -> {
                if (t == JsonToken.START_OBJECT) {
                    sourceFrom = sourceTo = -1;
                    highlight = null;
                    sortIndex = 0;
                    state = State.HIT;
                } else if (t == JsonToken.END_ARRAY) {
                    state = State.HITS_OBJECT;
                } else {
                    throw new IOException("the search answer's hits are not objects");
                }
            }
            case HIT -> hitMember(p, t, hits);
            case SOURCE -> {
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    depth++;
                } else if ((t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) && --depth == 0) {
                    sourceTo = p.currentLocation().getByteOffset(); // just past the closing brace
                    state = State.HIT;
                }
            }
            case HIGHLIGHT -> {
                if (t == JsonToken.FIELD_NAME) {
                    field = p.currentName();
                } else if (t == JsonToken.END_OBJECT) {
                    state = State.HIT;
                } else if (t == JsonToken.START_ARRAY) {
                    fragments = new ArrayList<>(2);
                    highlight.put(displayName(field), fragments);
                    state = State.FRAGMENTS;
                } else {
                    skip(t, State.HIGHLIGHT);
                }
            }
            case FRAGMENTS -> {
                if (t == JsonToken.VALUE_STRING) {
                    fragments.add(p.getText());
                } else if (t == JsonToken.END_ARRAY) {
                    state = State.HIGHLIGHT;
                } else {
                    skip(t, State.FRAGMENTS);
                }
            }
            case SORT -> {
                if (t == JsonToken.END_ARRAY) {
                    state = State.HIT;
                } else if (t.isScalarValue()) {
                    if (sortIndex == 0 && t == JsonToken.VALUE_NUMBER_INT) {
                        sortTime = p.getLongValue();
                    } else if (sortIndex == 1) {
                        sortId = p.getText();
                    }
                    sortIndex++;
                } else {
                    skip(t, State.SORT);
                }
            }
            case SKIP -> {
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    depth++;
                } else if ((t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) && --depth == 0) {
                    state = afterSkip;
                }
            }
            case DONE -> throw new IOException("the search answer goes on after its end");
        }
    }

    private void hitMember(JsonParser p, JsonToken t, Consumer<Hit> hits) throws IOException {
        if (t == JsonToken.FIELD_NAME) {
            field = p.currentName();
        } else if (t == JsonToken.END_OBJECT) {
            if (sortIndex >= 2) {
                last = new PageStream.SortKey(sortTime, sortId);
            }
            hits.accept(new Hit(sourceFrom, sourceTo, highlight));
            sourceFrom = sourceTo = -1;
            state = State.HITS_ARRAY;
        } else if (field.equals("_source") && t == JsonToken.START_OBJECT) {
            sourceFrom = p.currentLocation().getByteOffset() - 1; // the opening brace
            depth = 1;
            state = State.SOURCE;
        } else if (field.equals("highlight") && t == JsonToken.START_OBJECT) {
            highlight = new LinkedHashMap<>();
            state = State.HIGHLIGHT;
        } else if (field.equals("sort") && t == JsonToken.START_ARRAY) {
            state = State.SORT;
        } else {
            skip(t, State.HIT);
        }
    }

    /** Skips the value {@code t} begins (nothing to do for a scalar), then goes back to {@code back}. */
    private void skip(JsonToken t, State back) {
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            depth = 1;
            afterSkip = back;
            state = State.SKIP;
        }
    }

    /** Where the answer's bytes are still needed: the current hit's {@code _source}, else nothing before the end. */
    long keepFrom() {
        return sourceFrom >= 0 ? sourceFrom : Long.MAX_VALUE;
    }

    boolean inHits() {
        return inHits;
    }

    boolean done() {
        return state == State.DONE;
    }

    boolean timedOut() {
        return timedOut;
    }

    String pitId() {
        return pitId;
    }

    long total() {
        return total;
    }

    boolean exact() {
        return exact;
    }

    PageStream.SortKey last() {
        return last;
    }

    /** Highlight keys as the caller knows the fields: user.name, not user.name.text; audit.details for its text. */
    static String displayName(String field) {
        if (field.equals("audit.details_text")) {
            return "audit.details";
        }
        return field.endsWith(".text") ? field.substring(0, field.length() - 5) : field;
    }
}
