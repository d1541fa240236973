package io.auditsearch.search;

import io.auditsearch.problem.BadRequestException;
import static org.junit.jupiter.api.Assertions.assertEquals;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditsearch.problem.ApiException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * A page is written from Elasticsearch's raw answer as it arrives: each stored document as it is, its highlight
 * beside it, whatever parts the answer comes in.
 */
class SearchPageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the caller got: the body's events, the summary the service was given, the events the page counted. */
    private record Page(JsonNode body, PageStream.Summary summary, int sent) {
        JsonNode events() {
            return body.path("events");
        }

        int count() {
            return summary.count();
        }

        String lastId() {
            return summary.last().id();
        }
    }

    /** Feeds {@code answer} to a page in random parts (one byte to a few hundred), as a socket would bring it. */
    private static Page read(String answer, long seed) throws Exception {
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        AtomicReference<PageStream.Summary> summary = new AtomicReference<>();
        PageStream page = new PageStream(s -> {
            summary.set(s);
            return new PageStream.Tail(Math.max(s.total(), s.count()), s.exact(), "next");
        });
        feed(page, bytes, seed);
        List<byte[]> parts = Flux.from(page.started().join()).collectList().block();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        parts.forEach(body::writeBytes);
        return new Page(JSON.readTree(body.toByteArray()), summary.get(), page.sent().join());
    }

    private static void feed(PageStream page, byte[] bytes, long seed) {
        java.util.Random random = new java.util.Random(seed);
        page.begin();
        for (int at = 0; at < bytes.length; ) {
            int n = Math.min(bytes.length - at, random.nextBoolean() ? 1 + random.nextInt(8) : 1 + random.nextInt(400));
            page.content(ByteBuffer.wrap(bytes, at, n));
            at += n;
        }
        page.end();
    }

    private static Page read(String answer) throws Exception {
        return read(answer, 1);
    }

    private static final String ANSWER = """
            {"timed_out":false,"pit_id":"p1","hits":{"total":{"value":1234,"relation":"gte"},"hits":[
             {"_source":{"@timestamp":"2026-11-24T10:00:00Z","event":{"id":"e-1","action":"user.login"},"message":"caf\\u00e9 \\"quoted\\"","tags":["a","b"]},
              "highlight":{"message.text":["<em>café</em>"],"audit.details_text":["x <em>y</em>"]},"sort":[1795000000000,"e-1",17]},
             {"_source":{ },"highlight":{"message.text":["only"]},"sort":[1794999999000,"e-0"]},
             {"_source":{"event":{"id":"e-2"}},"sort":[1794999998000,"e-2"]}]}}
            """;

    @Test
    void storedDocumentsAreAnsweredAsStoredWithTheirHighlights() throws Exception {
        Page answer = read(ANSWER);

        JsonNode events = answer.events();
        assertEquals(3, answer.count());
        assertEquals(3, answer.sent());
        assertEquals(3, events.size());
        JsonNode first = events.get(0);
        assertEquals("user.login", first.at("/event/action").asText());
        assertEquals("café \"quoted\"", first.path("message").asText(), "escapes survive the copy");
        assertEquals(2, first.path("tags").size());
        assertEquals("<em>café</em>", first.at("/_highlight/message/0").asText(), "highlight keyed by the field the caller knows");
        assertEquals("x <em>y</em>", first.at("/_highlight/audit.details/0").asText());
        assertEquals("only", events.get(1).at("/_highlight/message/0").asText(), "an empty document still gets its highlight");
        assertEquals(1, events.get(1).size());
        assertEquals("e-2", events.get(2).at("/event/id").asText());
        assertEquals(false, events.get(2).has("_highlight"));
    }

    @Test
    void totalPointInTimeAndLastSortKeyArePickedUpAndTheTailClosesTheBody() throws Exception {
        Page answer = read(ANSWER);

        assertEquals(1234, answer.summary().total());
        assertEquals(false, answer.summary().exact());
        assertEquals("p1", answer.summary().pitId());
        assertEquals(1794999998000L, answer.summary().last().time());
        assertEquals("e-2", answer.lastId());
        assertEquals(1234, answer.body().at("/total/value").asLong());
        assertEquals("gte", answer.body().at("/total/relation").asText());
        assertEquals("next", answer.body().path("next_cursor").asText());
    }

    @Test
    void everySplitOfTheAnswerGivesTheSameBody() throws Exception {
        JsonNode whole = read(ANSWER).body();
        for (long seed = 0; seed < 200; seed++) {
            assertEquals(whole, read(ANSWER, seed).body(), "parts of seed " + seed);
        }
    }

    @Test
    void anEmptyAnswerIsAnEmptyPage() throws Exception {
        Page empty = read("{\"timed_out\":false,\"hits\":{\"total\":{\"value\":0,\"relation\":\"eq\"},\"hits\":[]}}");
        Page noArray = read("{\"timed_out\":false,\"hits\":{\"total\":{\"value\":0,\"relation\":\"eq\"}}}");

        for (Page page : List.of(empty, noArray)) {
            assertEquals(0, page.events().size());
            assertEquals(0, page.count());
            assertEquals(null, page.summary().last());
            assertEquals(0, page.body().at("/total/value").asLong());
        }
    }

    @Test
    void aTimedOutSearchIsAProblemAnsweredBeforeAnyByteOfTheBody() {
        PageStream page = new PageStream(s -> new PageStream.Tail(0, true, null));
        feed(page, "{\"timed_out\":true,\"hits\":{\"total\":{\"value\":1,\"relation\":\"eq\"},\"hits\":[{\"_source\":{}}]}}"
                .getBytes(StandardCharsets.UTF_8), 7);

        CompletionException failure = assertThrows(CompletionException.class, () -> page.started().join());
        assertInstanceOf(ApiException.class, failure.getCause());
        assertEquals(422, ((ApiException) failure.getCause()).status().getCode(), "query_timeout");
    }

    @Test
    void aSearchElasticsearchRefusesIsABadRequestNamingItsReason() throws Exception {
        PageStream page = new PageStream(s -> new PageStream.Tail(0, true, null));
        answer(page, 400, "{\"error\":{\"type\":\"search_phase_execution_exception\",\"reason\":\"all shards failed\","
                + "\"root_cause\":[{\"type\":\"query_shard_exception\",\"reason\":\"bad regex\"}]},\"status\":400}");

        CompletionException failure = assertThrows(CompletionException.class, () -> page.started().join());
        assertInstanceOf(BadRequestException.class, failure.getCause());
        assertTrue(String.valueOf(failure.getCause().getMessage()).contains("bad regex"),
                "the root cause's reason is named: " + failure.getCause());
    }

    @Test
    void aConnectionLostMidAnswerCutsTheBodyShortInsteadOfEndingItAsAPage() {
        PageStream page = new PageStream(s -> new PageStream.Tail(s.count(), true, null));
        page.begin();
        String answer = ANSWER.substring(0, ANSWER.indexOf("{\"event\":{\"id\":\"e-2\"}"));
        page.content(ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)));
        page.fail(new IOException("Elasticsearch closed the connection"));

        StringBuilder received = new StringBuilder();
        RuntimeException error = assertThrows(RuntimeException.class, () -> Flux.from(page.started().join())
                .doOnNext(part -> received.append(new String(part, StandardCharsets.UTF_8))).blockLast());
        assertTrue(received.toString().startsWith("{\"events\":[{"), received.toString());
        assertEquals(false, received.toString().contains("next_cursor"), "no tail: the caller cannot take it for a whole page");
        assertEquals(2, page.sent().join(), "the two whole hits were passed on");
        assertTrue(String.valueOf(error.getMessage()).contains("could not answer") || error instanceof ApiException, error.toString());
    }

    @Test
    void aDocumentsOwnBracesQuotesAndSourceKeysDoNotConfuseWhereItEnds() throws Exception {
        String tricky = "{\"message\":\"a } ] { [ \\\" \\\\ \\\"_source\\\":{\",\"audit\":{\"details\":{\"_source\":{\"x\":[1,{\"y\":\"}\"}]}}}}";
        String answer = "{\"hits\":{\"hits\":[ {\"_source\" : " + tricky + " , \"sort\":[1,\"e-1\"]},"
                + "{\"sort\":[0,\"no-source\"]},{\"_source\":{\"event\":{\"id\":\"e-3\"}},\"sort\":[0,\"e-3\"]}]}}";

        Page page = read(answer);

        JsonNode events = page.events();
        assertEquals(3, page.count());
        assertEquals(JSON.readTree(tricky), events.get(0), "the document comes back whole, as stored");
        assertEquals(0, events.get(1).size(), "a hit without _source is an empty event, not the next hit's");
        assertEquals("e-3", events.get(2).at("/event/id").asText());
        assertEquals("e-3", page.lastId());
    }

    @Test
    void documentsOfEveryShapeComeBackWholeWhereverTheirEscapesAndBracesFall() throws Exception {
        // the scan reads eight bytes at a time: quotes, backslashes and brackets at every offset of a word, and across words
        java.util.Random random = new java.util.Random(42);
        String alphabet = "ab{}[]\"\\:, é€x0";
        StringBuilder answer = new StringBuilder("{\"timed_out\":false,\"hits\":{\"hits\":[");
        java.util.List<JsonNode> documents = new java.util.ArrayList<>();
        for (int i = 0; i < 400; i++) {
            com.fasterxml.jackson.databind.node.ObjectNode doc = JSON.createObjectNode();
            doc.put("message", text(random, alphabet, random.nextInt(40)));
            com.fasterxml.jackson.databind.node.ObjectNode details = doc.putObject("audit").putObject("details");
            for (int k = random.nextInt(4); k > 0; k--) {
                details.putArray(text(random, alphabet, 1 + random.nextInt(9))).add(text(random, alphabet, random.nextInt(20))).addObject()
                        .put("_source", text(random, alphabet, random.nextInt(12)));
            }
            documents.add(doc);
            answer.append(i > 0 ? "," : "").append("{\"_source\":").append(JSON.writeValueAsString(doc))
                    .append(",\"sort\":[").append(i).append(",\"e-").append(i).append("\"]}");
        }
        answer.append("]}}");

        Page page = read(answer.toString(), 42);

        JsonNode events = page.events();
        assertEquals(documents.size(), page.count());
        for (int i = 0; i < documents.size(); i++) {
            assertEquals(documents.get(i), events.get(i), "document " + i);
        }
        assertEquals("e-399", page.lastId());
    }

    /**
     * Feeds {@code page} the answer of {@code status} with {@code body}: a real exchange with a local HTTP server,
     * through the same response consumer and listener a page's search uses.
     */
    private static void answer(PageStream page, int status, String body) throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        try (co.elastic.clients.transport.rest5_client.low_level.Rest5Client rest = co.elastic.clients.transport.rest5_client.low_level.Rest5Client
                .builder(java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort())).build()) {
            co.elastic.clients.transport.rest5_client.low_level.Request request =
                    new co.elastic.clients.transport.rest5_client.low_level.Request("POST", "/_search");
            request.setOptions(co.elastic.clients.transport.rest5_client.low_level.RequestOptions.DEFAULT.toBuilder()
                    .setHttpAsyncResponseConsumerFactory(io.auditsearch.elasticsearch.StreamedAnswer.to(page)));
            rest.performRequestAsync(request, RawSearch.answerTo(page));
            page.sent().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            server.stop(0);
        }
    }

    private static String text(java.util.Random random, String alphabet, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
