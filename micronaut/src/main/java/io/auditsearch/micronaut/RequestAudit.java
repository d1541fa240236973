package io.auditsearch.micronaut;

import io.auditsearch.client.Actor;
import io.auditsearch.client.AuditClient;
import io.auditsearch.client.AuditEvent;
import io.auditsearch.client.AuditEventBuilder;
import io.auditsearch.client.CatalogEvent;
import io.auditsearch.client.Outcome;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.Optional;

/**
 * Events filled in from the current HTTP request (principal, tenant, source IP, user agent, request
 * id, service name), and recorded without ever failing the caller: what {@link Audited} uses, and
 * what an application calls for the catalog's events whose outcome only it knows:
 *
 * <pre>{@code
 * audit.record(audit.event(CatalogEvent.USER_LOGIN_FAILED).actor(null, username).detail("reason", "bad_password"));
 * }</pre>
 */
@Singleton
public class RequestAudit {

    private static final System.Logger LOG = System.getLogger(RequestAudit.class.getName());

    private final BeanProvider<AuditClient> client;
    private final AuditClientConfiguration config;
    private final String applicationName;

    RequestAudit(BeanProvider<AuditClient> client, AuditClientConfiguration config,
                 @Value("${micronaut.application.name:}") String applicationName) {
        this.client = client;
        this.config = config;
        this.applicationName = applicationName;
    }

    /** A catalog event about the current request. */
    public AuditEventBuilder event(CatalogEvent entry) {
        return fill(AuditEvent.builder(entry), facts());
    }

    /**
     * An event of {@code action} with {@code outcome}: the catalog's entry of that action and outcome
     * when there is one (its categorisation and level), else the action's other entry with this
     * outcome (a failed {@code role.grant} is still an iam change), else a plain event.
     */
    public AuditEventBuilder event(String action, Outcome outcome) {
        return event(action, outcome, facts());
    }

    /** The same about a request whose facts were read earlier (a call that completes on another thread). */
    AuditEventBuilder event(String action, Outcome outcome, RequestFacts facts) {
        Optional<CatalogEvent> entry = Arrays.stream(CatalogEvent.values())
                .filter(e -> e.action().equals(action) && e.outcome() == outcome).findFirst()
                .or(() -> Arrays.stream(CatalogEvent.values()).filter(e -> e.action().equals(action)).findFirst());
        return fill(entry.map(AuditEvent::builder).orElseGet(() -> AuditEvent.builder().action(action)).outcome(outcome), facts);
    }

    /** What the request this thread serves says (principal, tenant, IP, user agent, request id). */
    RequestFacts facts() {
        return RequestFacts.current(config.getTenantAttribute());
    }

    /** Builds and queues the event; a build error or a missing client is logged, never thrown. */
    public boolean record(AuditEventBuilder event) {
        try {
            AuditEvent built = event.build();
            if (!client.isPresent()) {
                LOG.log(System.Logger.Level.WARNING, "audit-search.client.url is not set: " + built + " not recorded");
                return false;
            }
            return client.get().record(built);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "audit event not recorded: " + e.getMessage());
            return false;
        }
    }

    private AuditEventBuilder fill(AuditEventBuilder builder, RequestFacts facts) {
        if (facts.userId() != null) {
            builder.actor(Actor.of(facts.userId(), facts.userId()).withRoles(facts.roles().toArray(String[]::new)));
        }
        if (facts.tenant() != null) {
            builder.organization(facts.tenant());
        }
        if (facts.sourceIp() != null) {
            builder.sourceIp(facts.sourceIp());
        }
        if (facts.userAgent() != null) {
            builder.userAgent(facts.userAgent());
        }
        if (facts.requestId() != null) {
            builder.requestId(facts.requestId());
        }
        String service = config.getServiceName() != null ? config.getServiceName() : applicationName;
        if (service != null && !service.isBlank()) {
            builder.service(service);
        }
        return builder;
    }
}
