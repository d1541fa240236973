package io.auditsearch.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A page is written from Elasticsearch's raw answer: each stored document as it is, its highlight beside it. */
class SearchPageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String ANSWER = """
            {"timed_out":false,"pit_id":"p1","hits":{"total":{"value":1234,"relation":"gte"},"hits":[
             {"_source":{"@timestamp":"2026-11-24T10:00:00Z","event":{"id":"e-1","action":"user.login"},"message":"caf\\u00e9 \\"quoted\\"","tags":["a","b"]},
              "highlight":{"message.text":["<em>café</em>"],"audit.details_text":["x <em>y</em>"]},"sort":[1795000000000,"e-1",17]},
             {"_source":{ },"highlight":{"message.text":["only"]},"sort":[1794999999000,"e-0"]},
             {"_source":{"event":{"id":"e-2"}},"sort":[1794999998000,"e-2"]}]}}
            """;

    @Test
    void storedDocumentsAreAnsweredAsStoredWithTheirHighlights() throws Exception {
        SearchPage.Answer answer = SearchPage.read(ANSWER.getBytes(StandardCharsets.UTF_8));

        JsonNode events = JSON.readTree(answer.events());
        assertEquals(3, answer.count());
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
    void totalPointInTimeAndLastSortKeyArePickedUp() {
        SearchPage.Answer answer = SearchPage.read(ANSWER.getBytes(StandardCharsets.UTF_8));

        assertEquals(1234, answer.total());
        assertEquals(false, answer.exact());
        assertEquals("p1", answer.pitId());
        assertEquals(1794999998000L, answer.lastTime());
        assertEquals("e-2", answer.lastId());
    }

    @Test
    void aDocumentsOwnBracesQuotesAndSourceKeysDoNotConfuseWhereItEnds() throws Exception {
        String tricky = "{\"message\":\"a } ] { [ \\\" \\\\ \\\"_source\\\":{\",\"audit\":{\"details\":{\"_source\":{\"x\":[1,{\"y\":\"}\"}]}}}}";
        String answer = "{\"hits\":{\"hits\":[ {\"_source\" : " + tricky + " , \"sort\":[1,\"e-1\"]},"
                + "{\"sort\":[0,\"no-source\"]},{\"_source\":{\"event\":{\"id\":\"e-3\"}},\"sort\":[0,\"e-3\"]}]}}";

        SearchPage.Answer page = SearchPage.read(answer.getBytes(StandardCharsets.UTF_8));

        JsonNode events = JSON.readTree(page.events());
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

        SearchPage.Answer page = SearchPage.read(answer.toString().getBytes(StandardCharsets.UTF_8));

        JsonNode events = JSON.readTree(page.events());
        assertEquals(documents.size(), page.count());
        for (int i = 0; i < documents.size(); i++) {
            assertEquals(documents.get(i), events.get(i), "document " + i);
        }
        assertEquals("e-399", page.lastId());
    }

    private static String text(java.util.Random random, String alphabet, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
