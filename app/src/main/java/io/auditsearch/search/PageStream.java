package io.auditsearch.search;

import io.auditsearch.elasticsearch.EventLoopHttp;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Sinks;

/**
 * A page of {@link SearchResponses.Page} written while Elasticsearch's answer arrives: each hit is passed on to the
 * caller as soon as its bytes are in, its {@code _source} copied byte for byte and its highlight appended as
 * {@code _highlight}; the total and the next cursor, which depend on the last hit, close the body. A proxy passes
 * each part on as it comes; a page that waited for the whole answer added its own reading and writing after
 * Elasticsearch's last byte. The status is decided before the first byte: Elasticsearch writes its status,
 * {@code pit_id}, {@code timed_out} and total before the hits, so a refused or timed-out search is still a problem
 * answer. A failure after that (the connection lost mid-answer) cuts the body short, so no caller takes a partial
 * page for a whole one. Everything here runs on the event loop that sent the request.
 */
final class PageStream implements EventLoopHttp.Receiver {

    /**
     * What the answer held besides the events, once it ended.
     *
     * @param total hits.total.value, or -1 when Elasticsearch did not count
     * @param last  the last hit's sort key, null when the page is empty
     */
    record Summary(int count, long total, boolean exact, String pitId, SearchPage.SortKey last) {
    }

    /** What closes the body: the total as the caller is told it, and the cursor of the next page (null on the last). */
    record Tail(long total, boolean exact, String nextCursor) {
    }

    private static final byte[] OPENING = "{\"events\":[".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_ANSWER_BYTES = 256 << 20;

    private final Function<Summary, Tail> ending;
    private final CompletableFuture<Publisher<byte[]>> started = new CompletableFuture<>();
    private final CompletableFuture<Integer> sent = new CompletableFuture<>();
    private final Sinks.Many<byte[]> body = Sinks.many().unicast().onBackpressureBuffer();
    private final SearchPage.Hit hit = new SearchPage.Hit();

    private int status;
    private byte[] answer = new byte[32 << 10];
    private int length;
    /** Where the scan of the hits goes on; the bytes before it were read (and, once passed on, may be dropped). */
    private int at;
    private SearchPage.Start start;
    private boolean hitsEnded;
    private boolean over;
    private int count;
    private byte[] lastSort = new byte[64];
    private int lastSortLength;

    /** Hits read and not yet passed on: their _source ranges in {@link #answer}, and their _highlight members. */
    private int[] ranges = new int[128];
    private byte[][] highlights = new byte[64][];
    private int pending;
    private int pendingBytes;
    private boolean opened;

    PageStream(Function<Summary, Tail> ending) {
        this.ending = ending;
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
    public void head(int status) {
        this.status = status;
    }

    @Override
    public void content(ByteBuf part) {
        if (over) {
            return;
        }
        try {
            int n = part.readableBytes();
            room(n);
            part.getBytes(part.readerIndex(), answer, length, n);
            length += n;
            if (status < 300) {
                advance(false);
            }
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    @Override
    public void readComplete() {
        if (!over && start != null) {
            pass(null);
        }
    }

    @Override
    public void end() {
        if (over) {
            return;
        }
        try {
            if (status >= 300) {
                throw SearchFailures.translate(status, Arrays.copyOf(answer, length));
            }
            advance(true);
            if (!hitsEnded) {
                throw new UncheckedIOException(new IOException("the search answer ends inside its hits"));
            }
            SearchPage.SortKey last = lastSortLength > 0 ? SearchPage.SortKey.of(lastSort, 0, lastSortLength) : null;
            Tail tail = ending.apply(new Summary(count, start.total(), start.exact(), start.pitId(), last));
            // a cursor is base64url and '.', nothing to escape
            pass(("],\"total\":{\"value\":" + tail.total() + ",\"relation\":\"" + (tail.exact() ? "eq" : "gte")
                    + "\"},\"next_cursor\":" + (tail.nextCursor() == null ? "null" : "\"" + tail.nextCursor() + "\"") + "}")
                    .getBytes(StandardCharsets.US_ASCII));
            over = true;
            body.tryEmitComplete();
            sent.complete(count);
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    @Override
    public void fail(IOException failure) {
        fail(SearchFailures.translate(failure));
    }

    private void fail(RuntimeException failure) {
        if (over) {
            return;
        }
        over = true;
        RuntimeException problem = failure instanceof UncheckedIOException io ? SearchFailures.translate(io.getCause()) : failure;
        if (start == null) {
            started.completeExceptionally(problem);
        } else {
            body.tryEmitError(problem);
        }
        sent.complete(count - pending);
    }

    /** Reads what arrived: the answer's start until the hits' array begins, then every hit whose bytes are all in. */
    private void advance(boolean whole) {
        if (start == null) {
            SearchPage.Start s = SearchPage.start(answer, length, whole);
            if (s == null) {
                return;
            }
            if (s.timedOut()) {
                throw SearchFailures.timeout();
            }
            start = s;
            hitsEnded = s.hitsAt() < 0;
            at = hitsEnded ? length : s.hitsAt();
            started.complete(body.asFlux());
        }
        while (!hitsEnded) {
            while (at < length && isSpace(answer[at])) {
                at++;
            }
            if (at == length) {
                return;
            }
            byte c = answer[at];
            if (c == ',') {
                at++;
            } else if (c == ']') {
                hitsEnded = true;
                at++;
            } else if (c == '{') {
                int end = hit.read(answer, at, length);
                if (end < 0) {
                    return; // the rest of this hit is on its way: read again, whole, when it is in
                }
                add();
                at = end;
            } else {
                throw new UncheckedIOException(new IOException("the search answer's hits are not objects"));
            }
        }
    }

    private void add() {
        byte[] highlight = hit.highlightTo > hit.highlightFrom
                ? SearchPage.highlight(answer, hit.highlightFrom, hit.highlightTo, hit.hasFields(answer)) : null;
        if (2 * pending == ranges.length) {
            ranges = Arrays.copyOf(ranges, ranges.length * 2);
            highlights = Arrays.copyOf(highlights, highlights.length * 2);
        }
        ranges[2 * pending] = hit.sourceFrom;
        ranges[2 * pending + 1] = hit.sourceTo;
        highlights[pending] = highlight;
        pendingBytes += (count > 0 ? 1 : 0) + 2 + hit.sourceTo - hit.sourceFrom + (highlight == null ? 0 : highlight.length);
        if (hit.sortTo > hit.sortFrom) {
            lastSortLength = hit.sortTo - hit.sortFrom;
            if (lastSortLength > lastSort.length) {
                lastSort = new byte[lastSortLength];
            }
            System.arraycopy(answer, hit.sortFrom, lastSort, 0, lastSortLength);
        }
        pending++;
        count++;
    }

    /** Passes on the hits read so far, and {@code closing} after them when not null, as one part of exactly their size. */
    private void pass(byte[] closing) {
        if (pending == 0 && closing == null) {
            return;
        }
        int opening = opened ? 0 : OPENING.length;
        byte[] part = new byte[opening + pendingBytes + (closing == null ? 0 : closing.length)];
        System.arraycopy(OPENING, 0, part, 0, opening);
        opened = true;
        int p = opening;
        for (int i = 0, index = count - pending; i < pending; i++, index++) {
            if (index > 0) {
                part[p++] = ',';
            }
            part[p++] = '{';
            int from = ranges[2 * i];
            int n = ranges[2 * i + 1] - from;
            System.arraycopy(answer, from, part, p, n);
            p += n;
            byte[] highlight = highlights[i];
            if (highlight != null) {
                System.arraycopy(highlight, 0, part, p, highlight.length);
                p += highlight.length;
                highlights[i] = null;
            }
            part[p++] = '}';
        }
        if (closing != null) {
            System.arraycopy(closing, 0, part, p, closing.length);
        }
        pending = 0;
        pendingBytes = 0;
        body.tryEmitNext(part);
    }

    /** Makes room for {@code n} more bytes: what was read and passed on is dropped before the buffer grows. */
    private void room(int n) {
        if (length + n <= answer.length) {
            return;
        }
        if (start != null && status < 300) {
            pass(null);
            System.arraycopy(answer, at, answer, 0, length - at);
            length -= at;
            at = 0;
        }
        if (length + n > MAX_ANSWER_BYTES) {
            throw new UncheckedIOException(new IOException("Elasticsearch's answer is over " + (MAX_ANSWER_BYTES >> 20) + " MB"));
        }
        if (length + n > answer.length) {
            answer = Arrays.copyOf(answer, Math.max(length + n, answer.length * 2));
        }
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }
}
