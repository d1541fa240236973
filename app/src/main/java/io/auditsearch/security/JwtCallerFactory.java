package io.auditsearch.security;

import com.nimbusds.jwt.JWT;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.RolesFinder;
import io.micronaut.security.token.config.TokenConfiguration;
import io.micronaut.security.token.jwt.validator.DefaultJwtAuthenticationFactory;
import jakarta.inject.Singleton;
import java.text.ParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A validated JWT as a caller: name from {@code micronaut.security.token.name-key} (sub), roles from
 * {@code micronaut.security.token.roles-name}, and the tenant from {@code audit.security.tenant-claim}.
 */
@Singleton
@Replaces(DefaultJwtAuthenticationFactory.class)
class JwtCallerFactory extends DefaultJwtAuthenticationFactory {

    private final SecurityConfiguration config;

    JwtCallerFactory(TokenConfiguration tokens, RolesFinder roles, SecurityConfiguration config) {
        super(tokens, roles);
        this.config = config;
    }

    @Override
    public Optional<Authentication> createAuthentication(JWT token) {
        return super.createAuthentication(token).map(authentication -> {
            Map<String, Object> attributes = new HashMap<>(authentication.getAttributes());
            try {
                Object tenant = token.getJWTClaimsSet().getClaim(config.getTenantClaim());
                if (tenant != null) {
                    attributes.put(Caller.TENANT, String.valueOf(tenant));
                }
            } catch (ParseException e) {
                return null; // the validator parsed it already; an unparseable set is no caller
            }
            return Authentication.build(authentication.getName(), authentication.getRoles(), attributes);
        });
    }
}
