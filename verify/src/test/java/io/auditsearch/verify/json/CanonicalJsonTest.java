package io.auditsearch.verify.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import java.util.List;
import java.util.stream.Stream;

/** RFC 8785's own examples: section 3.2.2 and 3.2.3, and the number samples of Appendix B. */
@Tag("unit")
class CanonicalJsonTest {
    @Test
    void section322Example() throws Exception {
        String input = "{\n  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n"
                + "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
                + "  \"literals\": [null, true, false]\n}";
        String want = "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
        assertEquals(want, CanonicalJson.canonicalize(input));
    }

    @Test
    void section324Utf8Bytes() throws Exception {
        String input = "{\n  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n"
                + "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
                + "  \"literals\": [null, true, false]\n}";
        // RFC 8785 3.2.4, its lines joined
        String hex = "7b226c6974657261 6c73223a5b6e756c6c2c747275652c66616c73655d2c226e756d62657273223a5b"
                + "333333333333333333 2e333333333333332c31652b33302c342e352c302e3030322c31652d32375d2c22737472696e67"
                + "223a22e282ac245c7530303066 5c6e41 27425c225c5c5c5c5c222f227d";
        assertEquals(hex.replace(" ", ""), HexFormat.of().formatHex(
                CanonicalJson.canonicalize(input.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void section323SortingByUtf16CodeUnits() throws Exception {
        String input = "{\n  \"\\u20ac\": \"Euro Sign\",\n  \"\\r\": \"Carriage Return\",\n"
                + "  \"\\ufb33\": \"Hebrew Letter Dalet With Dagesh\",\n  \"1\": \"One\",\n"
                + "  \"\\ud83d\\ude00\": \"Emoji: Grinning Face\",\n  \"\\u0080\": \"Control\",\n"
                + "  \"\\u00f6\": \"Latin Small Letter O With Diaeresis\"\n}";
        String want = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}";
        assertEquals(want, CanonicalJson.canonicalize(input));
    }

    @TestFactory
    Stream<DynamicTest> appendixBNumbers() {
        List<String[]> samples = List.of(
                new String[] {"0000000000000000", "0"}, new String[] {"8000000000000000", "0"},
                new String[] {"0000000000000001", "5e-324"}, new String[] {"8000000000000001", "-5e-324"},
                new String[] {"7fefffffffffffff", "1.7976931348623157e+308"},
                new String[] {"ffefffffffffffff", "-1.7976931348623157e+308"},
                new String[] {"4340000000000000", "9007199254740992"}, new String[] {"c340000000000000", "-9007199254740992"},
                new String[] {"4430000000000000", "295147905179352830000"},
                new String[] {"44b52d02c7e14af5", "9.999999999999997e+22"}, new String[] {"44b52d02c7e14af6", "1e+23"},
                new String[] {"44b52d02c7e14af7", "1.0000000000000001e+23"},
                new String[] {"444b1ae4d6e2ef4e", "999999999999999700000"},
                new String[] {"444b1ae4d6e2ef4f", "999999999999999900000"}, new String[] {"444b1ae4d6e2ef50", "1e+21"},
                new String[] {"3eb0c6f7a0b5ed8c", "9.999999999999997e-7"}, new String[] {"3eb0c6f7a0b5ed8d", "0.000001"},
                new String[] {"41b3de4355555553", "333333333.3333332"}, new String[] {"41b3de4355555554", "333333333.33333325"},
                new String[] {"41b3de4355555555", "333333333.3333333"}, new String[] {"41b3de4355555556", "333333333.3333334"},
                new String[] {"41b3de4355555557", "333333333.33333343"},
                new String[] {"becbf647612f3696", "-0.0000033333333333333333"},
                new String[] {"43143ff3c1cb0959", "1424953923781206.2"});
        return samples.stream().map(s -> DynamicTest.dynamicTest(s[0] + " -> " + s[1], () -> {
            double d = Double.longBitsToDouble(Long.parseUnsignedLong(s[0], 16));
            // Java's shortest repr reads back as the same double
            assertEquals("[" + s[1] + "]", CanonicalJson.canonicalize("[" + d + "]"));
        }));
    }

    @Test
    void numbersOutsideDoublesAndMalformedJsonAreRefused() {
        for (String bad : List.of("[1e400]", "[-1e400]", "{\"a\":1,\"a\":2}", "[\"\\ud800\"]", "[\"\\udc00x\"]", "{\"a\":", "{\"a\" 1}", "[1,]", "nul")) {
            assertThrows(InvalidJsonException.class, () -> CanonicalJson.canonicalize(bad), bad);
        }
    }

    @Test
    void sameDocumentSameBytesWhateverTheSpelling() throws Exception {
        assertEquals(CanonicalJson.canonicalize("{\"b\":[1.0,\"\\u0041\"],\"a\":{\"y\":true,\"x\":1e2}}"),
                CanonicalJson.canonicalize("{ \"a\" : { \"x\" : 100, \"y\" : true }, \"b\" : [ 1, \"A\" ] }"));
    }
}
