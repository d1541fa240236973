package io.auditsearch.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("unit")
class SensitiveKeysTest {

    /** The service's own rule list: its default {@code audit.events.mask-keys}, in its source. */
    private static final Path SERVICE_RULES = Path.of("..", "app", "src", "main", "java", "io", "auditsearch", "event", "EventRules.java");
    private static final Path SERVICE_CONFIG = Path.of("..", "app", "src", "main", "resources", "application.yml");

    @Test
    void theRuleListIsTheServicesList() throws Exception {
        String source = Files.readString(SERVICE_RULES);
        Matcher list = Pattern.compile("maskKeys\\s*=\\s*List\\.of\\(([^)]*)\\)").matcher(source);
        assertTrue(list.find(), "EventRules.java no longer declares maskKeys = List.of(...): update this test and SensitiveKeys");
        List<String> service = new ArrayList<>();
        Matcher literal = Pattern.compile("\"([^\"]*)\"").matcher(list.group(1));
        while (literal.find()) {
            service.add(literal.group(1));
        }
        assertEquals(service, SensitiveKeys.FRAGMENTS, "SensitiveKeys.FRAGMENTS must be the service's mask keys");
        Matcher mask = Pattern.compile("maskValue\\s*=\\s*\"([^\"]*)\"").matcher(source);
        assertTrue(mask.find());
        assertEquals(mask.group(1), SensitiveKeys.MASK);
        assertFalse(Files.readString(SERVICE_CONFIG).contains("mask-keys"),
                "the service's application.yml overrides the mask keys: the client must follow");
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "newPassword", "user_pwd", "API-Key", "apiKey", "client_secret", "refreshToken",
            "Authorization", "set-cookie", "credentials", "private_key", "SSN", "social_security_number", "card_number",
            "creditCard", "cvv", "CVC2", "iban"})
    void sensitive(String key) {
        assertTrue(SensitiveKeys.isSensitive(key), key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ticket", "name", "email", "role", "ip", "passage", "key", "card"})
    void notSensitive(String key) {
        assertFalse(SensitiveKeys.isSensitive(key), key);
    }

    @Test
    void masksWholeValuesBelowASensitiveKeyAndLeavesNullsAlone() throws Exception {
        JsonNode tree = Json.MAPPER.readTree("""
                {"credentials":{"user":"a","pass":"b"},"list":[{"token":"t"},{"x":1}],"password":null,"ok":"v"}""");
        assertEquals(2, SensitiveKeys.mask(tree));
        assertEquals(Json.MAPPER.readTree("""
                {"credentials":"[MASKED]","list":[{"token":"[MASKED]"},{"x":1}],"password":null,"ok":"v"}"""), tree);
    }
}
