package io.auditsearch.event;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Replaces values under sensitive keys (passwords, tokens, card numbers...) before storage.
 * A key is sensitive when, lower-cased and stripped to letters and digits, it contains one of the
 * configured fragments; everything below such a key is replaced by the mask as a whole.
 */
@Singleton
public final class SensitiveValueMasker {

    /** Most events reuse a few hundred detail keys; remembered up to this many. */
    private static final int REMEMBERED_KEYS = 10_000;

    private final List<String> fragments;
    private final TextNode mask;
    private final Cache<String, Boolean> verdicts = Caffeine.newBuilder().maximumSize(REMEMBERED_KEYS).build();

    public SensitiveValueMasker(EventRules rules) {
        this.fragments = rules.getMaskKeys().stream().map(SensitiveValueMasker::normalize).toList();
        this.mask = TextNode.valueOf(rules.getMaskValue());
    }

    /** Masks in place; returns how many values were masked. */
    public int mask(JsonNode node) {
        int masked = 0;
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> e : object.properties()) {
                if (isSensitive(e.getKey()) && !e.getValue().isNull()) {
                    e.setValue(mask);
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

    public boolean isSensitive(String key) {
        return verdicts.get(key, this::judge);
    }

    private boolean judge(String key) {
        String normalized = normalize(key);
        for (String fragment : fragments) {
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
