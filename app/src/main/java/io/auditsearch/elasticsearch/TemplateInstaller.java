package io.auditsearch.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.indices.PutMappingRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.RetentionConfiguration;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the files of {@code index-templates/} (packaged as resources) exactly as they are, so a
 * hand install with curl gives the same cluster state. Each file is the body of its PUT API and is
 * named after the object it creates. Templates are versioned ({@code _meta.version}): one that is
 * missing, older or at the same version is put (idempotent), one that is newer (a later release
 * installed it) is left as it is and logged. When the mappings component is put, its fields also
 * go onto the existing {@code audit-events-*} indices with {@code _mapping} (additive changes only;
 * no data is touched or reindexed). The service's own indices ({@code index/}) are created when missing.
 */
@Singleton
public class TemplateInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(TemplateInstaller.class);
    private static final String ROOT = "index-templates/";
    private static final List<String> COMPONENTS = List.of("audit-events-settings", "audit-events-mappings");
    private static final String LIFECYCLE_COMPONENT = "audit-events-lifecycle";
    /** The ILM policy of the audit indices (its lifecycle component attaches it). */
    public static final String POLICY = "audit-events";
    /** The dated event indices, as the pattern of index-template/audit-events.json names them. */
    private static final String EVENT_INDICES = "audit-events-*";
    private static final String INDEX_TEMPLATE = "audit-events";
    /** The integrity log's tiles, entry bundles, checkpoints and records: outside audit-events-*, so retention never deletes them. */
    private static final List<String> INTEGRITY_INDICES = List.of("audit-integrity-tiles", "audit-integrity-bundles",
            "audit-integrity-checkpoints", "audit-integrity-records");
    /** The streams' destinations (io.auditsearch.stream). */
    private static final String STREAMS_INDEX = "audit-streams";

    private final ElasticsearchClient client;
    private final RetentionConfiguration retention;
    private final IndexConfiguration index;
    private final InstalledVersions installed;
    private final ObjectMapper json = new ObjectMapper();

    TemplateInstaller(ElasticsearchClient client, RetentionConfiguration retention, IndexConfiguration index) {
        this.client = client;
        this.retention = retention;
        this.index = index;
        this.installed = new InstalledVersions(client);
    }

    /** Installs templates (and, where {@code ilm} is true, the ILM policy and lifecycle component). */
    public void install(boolean ilm) throws IOException {
        if (ilm) {
            byte[] policy = policyWithRetention(read("ilm/audit-events-policy.json"));
            client.ilm().putLifecycle(b -> b.name(POLICY).withJson(new ByteArrayInputStream(policy)));
            putComponent(LIFECYCLE_COMPONENT);
        }
        boolean mappingsPut = false;
        for (String component : COMPONENTS) {
            boolean put = putComponent(component);
            mappingsPut |= put && component.equals("audit-events-mappings");
        }
        byte[] template = read("index-template/" + INDEX_TEMPLATE + ".json");
        if (upgrades("index template", INDEX_TEMPLATE, installed.indexTemplate(INDEX_TEMPLATE), json.readTree(template))) {
            client.indices().putIndexTemplate(b -> b.name(INDEX_TEMPLATE).withJson(new ByteArrayInputStream(template)));
        }
        if (mappingsPut) {
            updateExistingMappings();
        }
        createIndexIfMissing(RetentionConfiguration.LEGAL_HOLD_INDEX);
        for (String integrity : INTEGRITY_INDICES) {
            createIndexIfMissing(integrity);
        }
        createIndexIfMissing(STREAMS_INDEX);
        LOG.info("Installed index templates ({} ILM policy)", ilm ? "with" : "without");
    }

    /** Puts a component template unless a newer version is installed; true if it was put. */
    private boolean putComponent(String name) throws IOException {
        byte[] body = withReplicas(name, read("component/" + name + ".json"));
        if (!upgrades("component template", name, installed.component(name), json.readTree(body))) {
            return false;
        }
        client.cluster().putComponentTemplate(b -> b.name(name).withJson(new ByteArrayInputStream(body)));
        return true;
    }

    /** Whether the shipped file may replace what is installed: nothing, an older or the same version, never a newer one. */
    private static boolean upgrades(String kind, String name, OptionalInt installedVersion, JsonNode file) {
        int shipped = InstalledVersions.shipped(file);
        if (installedVersion.isEmpty()) {
            LOG.info("Installing {} {} version {}", kind, name, shipped);
            return true;
        }
        int version = installedVersion.getAsInt();
        if (version > shipped) {
            LOG.warn("The installed {} {} is at version {}, newer than this service's version {}: left as it is", kind, name, version, shipped);
            return false;
        }
        if (version < shipped) {
            LOG.info("Upgrading {} {} from version {} to {}", kind, name, version, shipped);
        }
        return true;
    }

    /** The settings component with the configured replicas, where they are set. */
    private byte[] withReplicas(String component, byte[] body) throws IOException {
        if (!component.equals("audit-events-settings") || index.getReplicas().isEmpty()) {
            return body;
        }
        ObjectNode root = (ObjectNode) json.readTree(body);
        ((ObjectNode) root.path("template").path("settings").path("index")).put("number_of_replicas", index.getReplicas().get());
        return json.writeValueAsBytes(root);
    }

    /** Creates a service index of its own from {@code index/<name>.json}; an existing one is left as it is. */
    private void createIndexIfMissing(String name) throws IOException {
        byte[] body = read("index/" + name + ".json");
        try {
            client.indices().create(b -> b.index(name).withJson(new ByteArrayInputStream(body)));
            LOG.info("Created index {}", name);
        } catch (ElasticsearchException e) {
            // several instances start at once: whoever comes second finds it there, which is the goal
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        }
    }

    /**
     * Templates only shape new indices; additive mapping changes (new fields) also reach the existing
     * ones, with the mapping's {@code _meta} (its version). A change Elasticsearch refuses (a field's
     * type) leaves those indices as they are, logged.
     */
    private void updateExistingMappings() throws IOException {
        JsonNode mappings = json.readTree(read("component/audit-events-mappings.json")).path("template").path("mappings");
        ObjectNode body = json.createObjectNode();
        body.set("_meta", mappings.path("_meta"));
        body.set("properties", mappings.path("properties"));
        byte[] bytes = json.writeValueAsBytes(body);
        try {
            client.indices().putMapping(PutMappingRequest.of(b -> b.index(EVENT_INDICES)
                    .allowNoIndices(true).ignoreUnavailable(true).withJson(new ByteArrayInputStream(bytes))));
        } catch (ElasticsearchException e) {
            LOG.warn("Existing audit indices keep their mapping: {}", e.getMessage());
        }
    }

    private byte[] policyWithRetention(byte[] policy) throws IOException {
        ObjectNode root = (ObjectNode) json.readTree(policy);
        ObjectNode delete = (ObjectNode) root.path("policy").path("phases").path("delete");
        delete.put("min_age", retention.getDays() + "d");
        return json.writeValueAsBytes(root);
    }

    static byte[] read(String path) {
        try (InputStream in = TemplateInstaller.class.getClassLoader().getResourceAsStream(ROOT + path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + ROOT + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
