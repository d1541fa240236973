package io.auditsearch.elasticsearch;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At startup: waits for the cluster (a managed local node until it is up, an external cluster
 * {@code elasticsearch.startup-timeout}), detects its capabilities and installs the index templates,
 * before the HTTP server takes any event. When Elasticsearch is not there in time the service starts
 * anyway, so senders are not turned away:
 * events go to the durable spool, and the bootstrap is retried in the background. Nothing is
 * written to Elasticsearch before the templates are in place ({@link #ready()}), or the first
 * write of a day would create its index without the audit mapping.
 */
@Context
public class ElasticsearchBootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchBootstrap.class);
    private static final Duration RETRY = Duration.ofSeconds(5);

    private final ClusterCapabilities capabilities;
    private final TemplateInstaller installer;
    private final ApplicationEventPublisher<ElasticsearchReady> events;
    private volatile boolean ready;
    private volatile boolean closed;
    private boolean started;
    private boolean announced;
    private volatile boolean ilm;

    ElasticsearchBootstrap(ClusterCapabilities capabilities, TemplateInstaller installer,
                           ApplicationEventPublisher<ElasticsearchReady> events) {
        this.capabilities = capabilities;
        this.installer = installer;
        this.events = events;
    }

    /** True once the templates are installed: only then may events be written to Elasticsearch. */
    public boolean ready() {
        return ready;
    }

    @PostConstruct
    void bootstrap() {
        try {
            capabilities.awaitCluster();
            install();
        } catch (RuntimeException e) {
            LOG.warn("Elasticsearch is not available ({}); starting anyway: events are kept in the spool, and the"
                    + " templates are installed as soon as Elasticsearch answers", e.getMessage());
            Thread.ofPlatform().name("audit-bootstrap").daemon().start(this::retry);
        }
    }

    /** Once the context is up, listeners may be created: tell them, if Elasticsearch is already there. */
    @EventListener
    void onStartup(StartupEvent event) {
        synchronized (this) {
            started = true;
        }
        announce();
    }

    @PreDestroy
    void close() {
        closed = true;
    }

    private void retry() {
        while (!ready && !closed) {
            try {
                Thread.sleep(RETRY);
                capabilities.awaitClusterOnce();
                install();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("Elasticsearch still not ready: {}", e.getMessage());
            }
        }
    }

    private void install() {
        boolean ilm = capabilities.hasIlm();
        try {
            installer.install(ilm);
        } catch (IOException e) {
            throw new UncheckedIOException("could not install the index templates", e);
        }
        this.ilm = ilm;
        ready = true;
        LOG.info("Elasticsearch ready (ILM {})", ilm ? "present" : "absent: service-side retention");
        announce();
    }

    /**
     * Publishes {@link ElasticsearchReady} once, when Elasticsearch is ready and the context has
     * started (not from the constructor phase: the listeners depend on beans that depend on this one).
     */
    private void announce() {
        synchronized (this) {
            if (!ready || !started || announced) {
                return;
            }
            announced = true;
        }
        events.publishEvent(new ElasticsearchReady(ilm));
    }
}
