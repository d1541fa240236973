package io.auditsearch.search;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditsearch.elasticsearch.StreamedAnswer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Sinks;

/**
 * A page of {@link SearchResponses.Page} written while Elasticsearch's answer arrives. Jackson's non-blocking parser
 * reads the answer ({@link AnswerReader}); each hit's {@code _source} is copied byte for byte from where the parser
 * saw it begin and end, its highlight appended as {@code _highlight}; the hits read from each part of the answer
 * are passed on as one part of the body. The total and the next cursor, which depend on the last hit, close the
 * body. The status is decided before the first byte: Elasticsearch writes {@code pit_id}, {@code timed_out} and the
 * total before the hits, so a timed-out search is still a problem answer. A failure after that (the connection
 * lost mid-answer) cuts the body short, so no caller takes a partial page for a whole one.
 */
final class PageStream implements StreamedAnswer.Receiver {

    /**
     * What the answer held besides the events, once it ended.
     *
     * @param total hits.total.value, or -1 when Elasticsearch did not count
     * @param last  the last hit's sort key, null when the page is empty
     */
    record Summary(int count, long total, boolean exact, String pitId, SortKey last) {
    }

    /** A hit's sort key, {@code [@timestamp (epoch millis), event.id, ...]}. */
    record SortKey(long time, String id) {
    }

    /** What closes the body: the total as the caller is told it, and the cursor of the next page (null on the last). */
    record Tail(long total, boolean exact, String nextCursor) {
    }

    /** Only what a page needs; the hits' _index, _score and the answer's _shards are not even sent. */
    static final String FILTER_PATH = "timed_out,pit_id,hits.total,hits.hits._source,hits.hits.highlight,hits.hits.sort";

    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte[] OPENING = "{\"events\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HIGHLIGHT = "\"_highlight\":".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_WINDOW_BYTES = 64 << 20;

    private final Function<Summary, Tail> ending;
    private final CompletableFuture<Publisher<byte[]>> started = new CompletableFuture<>();
    private final CompletableFuture<Integer> sent = new CompletableFuture<>();
    private final Sinks.Many<byte[]> body = Sinks.many().unicast().onBackpressureBuffer();
    private final AnswerReader reader = new AnswerReader();
    private final JsonParser parser;

    /** The answer's bytes from {@code windowStart} (an offset in the whole answer) on, as far as they arrived. */
    private byte[] window = new byte[32 << 10];
    private long windowStart;
    private int windowLength;
    private final List<AnswerReader.Hit> pending = new ArrayList<>();
    private boolean begun;
    private boolean opened;
    private boolean over;
    private int count;

    PageStream(Function<Summary, Tail> ending) {
        this.ending = ending;
        try {
            this.parser = JSON.createNonBlockingByteArrayParser();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Completes with the body once the answer is known to be a page, or fails with the problem to answer instead. */
    CompletableFuture<Publisher<byte[]>> started() {
        return started;
    }

    /** Completes when the body ends (whole or cut short) with the number of events passed on. */
    CompletableFuture<Integer> sent() {
        return sent;
    }

    @Override
    public synchronized void begin() {
        if (begun) {
            // the client asks another node after a failure mid-answer: what was passed on cannot be taken back
            fail(new IOException("Elasticsearch's answer was cut short"));
        }
        begun = true;
    }

    @Override
    public synchronized void content(ByteBuffer part) {
        if (over) {
            return;
        }
        try {
            int n = part.remaining();
            room(n);
            part.get(window, windowLength, n);
            ((ByteArrayFeeder) parser.getNonBlockingInputFeeder()).feedInput(window, windowLength, windowLength + n);
            windowLength += n;
            read();
            pass(null);
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    /** The whole answer arrived. */
    synchronized void end() {
        if (over) {
            return;
        }
        try {
            ((ByteArrayFeeder) parser.getNonBlockingInputFeeder()).endOfInput();
            read();
            if (!reader.done()) {
                throw new IOException("the search answer ends early");
            }
            start();
            Tail tail = ending.apply(new Summary(count, reader.total(), reader.exact(), reader.pitId(), reader.last()));
            // a cursor is base64url and '.', nothing to escape
            pass(("],\"total\":{\"value\":" + tail.total() + ",\"relation\":\"" + (tail.exact() ? "eq" : "gte")
                    + "\"},\"next_cursor\":" + (tail.nextCursor() == null ? "null" : "\"" + tail.nextCursor() + "\"") + "}")
                    .getBytes(StandardCharsets.US_ASCII));
            over = true;
            body.tryEmitComplete();
            sent.complete(count);
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    /** The request failed (refused, no answer, or the connection lost mid-answer). */
    synchronized void fail(Throwable failure) {
        if (over) {
            return;
        }
        over = true;
        RuntimeException problem = SearchFailures.translate(failure);
        if (started.isDone()) {
            body.tryEmitError(problem);
        } else {
            started.completeExceptionally(problem);
        }
        sent.complete(count - pending.size());
    }

    /** Reads every token that arrived; the hits' array beginning starts the body. */
    private void read() throws IOException {
        reader.read(parser, hit -> {
            pending.add(hit);
            count++;
        });
        if (reader.inHits()) {
            start();
        }
    }

    private void start() {
        if (!started.isDone()) {
            if (reader.timedOut()) {
                throw SearchFailures.timeout();
            }
            started.complete(body.asFlux());
        }
    }

    /** Passes on the hits read so far, and {@code closing} after them when not null, as one part of exactly their size. */
    private void pass(byte[] closing) throws IOException {
        if (pending.isEmpty() && closing == null) {
            return;
        }
        java.io.ByteArrayOutputStream part = new java.io.ByteArrayOutputStream(4096);
        if (!opened) {
            part.write(OPENING);
            opened = true;
        }
        int index = count - pending.size();
        for (AnswerReader.Hit hit : pending) {
            if (index++ > 0) {
                part.write(',');
            }
            write(hit, part);
        }
        pending.clear();
        if (closing != null) {
            part.write(closing);
        }
        body.tryEmitNext(part.toByteArray());
    }

    /** The stored document as it is, with its highlight as the last member. */
    private void write(AnswerReader.Hit hit, java.io.ByteArrayOutputStream out) throws IOException {
        if (hit.sourceFrom() < 0) {
            out.write('{');
        } else {
            int from = (int) (hit.sourceFrom() - windowStart);
            int to = (int) (hit.sourceTo() - windowStart);
            out.write(window, from, to - from - 1); // without its closing brace
            if (hit.highlight() != null && hasFields(from + 1, to - 1)) {
                out.write(',');
            }
        }
        if (hit.highlight() != null) {
            out.write(HIGHLIGHT);
            out.write(MAPPER.writeValueAsBytes(hit.highlight()));
        }
        out.write('}');
    }

    private boolean hasFields(int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(window[i])) {
                return true;
            }
        }
        return false;
    }

    /** Makes room for {@code n} more bytes, dropping what no hit still needs (hits before this part were passed on). */
    private void room(int n) throws IOException {
        if (windowLength + n <= window.length) {
            return;
        }
        long keep = Math.min(reader.keepFrom(), windowStart + windowLength);
        int drop = (int) (keep - windowStart);
        System.arraycopy(window, drop, window, 0, windowLength - drop);
        windowLength -= drop;
        windowStart = keep;
        if (windowLength + n > MAX_WINDOW_BYTES) {
            throw new IOException("a hit of Elasticsearch's answer is over " + (MAX_WINDOW_BYTES >> 20) + " MB");
        }
        if (windowLength + n > window.length) {
            window = Arrays.copyOf(window, Math.max(windowLength + n, window.length * 2));
        }
    }
}
