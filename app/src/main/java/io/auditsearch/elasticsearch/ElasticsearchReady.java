package io.auditsearch.elasticsearch;

/**
 * Published once Elasticsearch answered and the templates are installed: at startup, or later
 * when the service started while Elasticsearch was away. Work that needs Elasticsearch at
 * startup (the API keys index, the bootstrap admin key) listens for it instead of the startup.
 *
 * @param ilm whether the cluster has index lifecycle management
 */
public record ElasticsearchReady(boolean ilm) {
}
