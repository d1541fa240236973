package io.auditsearch.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Masks values under sensitive keys in {@code audit.details} and {@code audit.changes.*} before an
 * event leaves the application, with the service's rules ({@code SensitiveValueMasker} and the
 * default {@code audit.events.mask-keys} of {@code EventRules}): a key is sensitive when, stripped
 * to letters and digits and lower-cased, it contains one of {@link #FRAGMENTS}; the whole value
 * below such a key (unless JSON null) becomes {@link #MASK}.
 *
 * <p>The list is a copy of the service's and must stay in sync with it;
 * {@code SensitiveKeysTest} reads the service's source and fails when they differ.
 */
final class SensitiveKeys {

    static final List<String> FRAGMENTS = List.of(
            "password", "passwd", "pwd", "secret", "token", "apikey", "authorization", "cookie",
            "credential", "privatekey", "ssn", "socialsecurity", "cardnumber", "creditcard", "cvv",
            "cvc", "iban");

    static final String MASK = "[MASKED]";

    private static final TextNode MASK_NODE = TextNode.valueOf(MASK);

    private SensitiveKeys() {
    }

    /** Masks in place; returns how many values were masked. */
    static int mask(JsonNode node) {
        int masked = 0;
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> e : object.properties()) {
                if (isSensitive(e.getKey()) && !e.getValue().isNull()) {
                    e.setValue(MASK_NODE);
                    masked++;
                } else {
                    masked += mask(e.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (JsonNode element : array) {
                masked += mask(element);
            }
        }
        return masked;
    }

    static boolean isSensitive(String key) {
        String normalized = normalize(key);
        for (String fragment : FRAGMENTS) {
            if (normalized.contains(fragment)) {
                return true;
            }
        }
        return false;
    }

    private static String normalize(String key) {
        StringBuilder sb = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                sb.append(Character.toLowerCase(c));
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }
}
