package io.auditsearch.retention;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.indices.IndexSettings;
import co.elastic.clients.elasticsearch.indices.IndexState;
import io.auditsearch.elasticsearch.TemplateInstaller;
import io.auditsearch.event.EventIndexNaming;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Under ILM, legal holds act on the indices' lifecycle: a held index loses the policy
 * ({@code _ilm/remove}), so ILM cannot delete it; once no hold keeps it, the policy is put back
 * ({@code index.lifecycle.name}) and ILM deletes it when due (at once, if due already).
 */
@Singleton
class IlmHolds {

    private static final Logger LOG = LoggerFactory.getLogger(IlmHolds.class);
    private static final String LIFECYCLE_NAME = "index.lifecycle.name";

    private final ElasticsearchClient client;
    private final RetentionPolicy policy;
    private final HeldIndices held;
    private final LegalHoldStore holds;

    IlmHolds(ElasticsearchClient client, RetentionPolicy policy, HeldIndices held, LegalHoldStore holds) {
        this.client = client;
        this.policy = policy;
        this.held = held;
        this.holds = holds;
    }

    SweepReport apply(Instant now) {
        Map<String, List<String>> kept = held.keptIndices(holds.active());
        List<String> removed = new ArrayList<>();
        List<String> restored = new ArrayList<>();
        List<String> keptNames = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Map.Entry<String, Boolean> index : policyAttached().entrySet()) {
            String name = index.getKey();
            boolean isHeld = kept.containsKey(name);
            try {
                if (isHeld) {
                    keptNames.add(name);
                }
                if (isHeld && index.getValue()) {
                    LOG.info("Removing ILM policy from index {}: legal holds {}", name, kept.get(name));
                    client.ilm().removePolicy(r -> r.index(name));
                    removed.add(name);
                } else if (!isHeld && !index.getValue()) {
                    LOG.info("Restoring ILM policy {} on index {}: no legal hold keeps it (due {})", TemplateInstaller.POLICY, name,
                            EventIndexNaming.periodDateOf(name).map(policy::dueAt).map(Instant::toString).orElse("?"));
                    client.indices().putSettings(p -> p.index(name).settings(s -> s.lifecycle(l -> l.name(TemplateInstaller.POLICY))));
                    restored.add(name);
                }
            } catch (ElasticsearchException | IOException e) {
                LOG.warn("Could not apply legal holds to index {}: {}", name, e.getMessage());
                skipped.add(name);
            }
        }
        return new SweepReport(policy.mode(), now.toString(), List.of(), keptNames, removed, restored, skipped);
    }

    /** Every dated audit index, and whether it has a lifecycle policy now. */
    private Map<String, Boolean> policyAttached() {
        Map<String, IndexState> settings;
        try {
            // only the one setting, for every audit index
            settings = client.indices().getSettings(g -> g.index(IndexInventory.PATTERN).name(LIFECYCLE_NAME)
                    .allowNoIndices(true)).settings();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Boolean> attached = new TreeMap<>();
        settings.forEach((name, state) -> {
            if (EventIndexNaming.periodDateOf(name).isPresent()) {
                attached.put(name, lifecycleName(state.settings()).isPresent());
            }
        });
        return attached;
    }

    private static Optional<String> lifecycleName(IndexSettings settings) {
        // the answer nests the setting under "index" (not flat_settings); accept both shapes
        return Optional.ofNullable(settings).map(s -> s.index() != null ? s.index() : s)
                .map(IndexSettings::lifecycle).map(l -> l.name()).filter(n -> !n.isBlank());
    }
}
