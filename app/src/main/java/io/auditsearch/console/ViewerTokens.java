package io.auditsearch.console;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Signs and checks viewer tokens: JWTs (HS256, type {@code audit-viewer+jwt}, audience {@code audit-search-viewer})
 * under a key of their own ({@link ViewerTokenKey}), so no bearer token of the identity provider is a viewer token,
 * and no viewer token is a bearer token. Nothing is stored: a token is valid until it expires.
 */
@Singleton
class ViewerTokens {

    static final String AUDIENCE = "audit-search-viewer";
    static final String ISSUER = "audit-search";
    static final JOSEObjectType TYPE = new JOSEObjectType("audit-viewer+jwt");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What checking a token found: valid, expired (its grant still read, for the embed page's frame-ancestors), or neither. */
    sealed interface Verdict permits Valid, Expired, Invalid {
    }

    record Valid(ViewerGrant grant) implements Verdict {
    }

    record Expired(ViewerGrant grant) implements Verdict {
    }

    record Invalid(String reason) implements Verdict {
    }

    private final MACSigner signer;
    private final MACVerifier verifier;
    private final Clock clock;

    @Inject
    ViewerTokens(ViewerTokenKey key) {
        this(key, Clock.systemUTC());
    }

    ViewerTokens(ViewerTokenKey key, Clock clock) {
        try {
            this.signer = new MACSigner(key.bytes());
            this.verifier = new MACVerifier(key.bytes());
        } catch (JOSEException e) {
            throw new IllegalStateException("the viewer token key is not usable for HS256", e);
        }
        this.clock = clock;
    }

    static String newId() {
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    String sign(ViewerGrant grant) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER).audience(AUDIENCE).jwtID(grant.id()).subject(grant.callerId())
                .issueTime(Date.from(now)).expirationTime(Date.from(grant.expires()))
                .claim("tenant", grant.tenant())
                .claim("filters", new LinkedHashMap<>(grant.filters()))
                .claim("origins", grant.origins())
                .claim("minted_by", grant.mintedBy())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(TYPE).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a viewer token", e);
        }
        return jwt.serialize();
    }

    Verdict verify(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !TYPE.equals(jwt.getHeader().getType())) {
                return new Invalid("not a viewer token");
            }
            if (!jwt.verify(verifier)) {
                return new Invalid("bad signature");
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!ISSUER.equals(claims.getIssuer()) || claims.getAudience() == null || !claims.getAudience().contains(AUDIENCE)
                    || claims.getExpirationTime() == null || claims.getJWTID() == null || claims.getStringClaim("tenant") == null) {
                return new Invalid("not a viewer token");
            }
            ViewerGrant grant = new ViewerGrant(claims.getJWTID(), claims.getStringClaim("tenant"), filters(claims),
                    Optional.ofNullable(claims.getStringListClaim("origins")).orElse(List.of()),
                    claims.getExpirationTime().toInstant(), String.valueOf(claims.getClaim("minted_by")));
            return clock.instant().isBefore(grant.expires()) ? new Valid(grant) : new Expired(grant);
        } catch (ParseException | JOSEException | RuntimeException e) {
            return new Invalid("unreadable");
        }
    }

    private static Map<String, List<String>> filters(JWTClaimsSet claims) throws ParseException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Map<String, Object> raw = claims.getJSONObjectClaim("filters");
        if (raw != null) {
            raw.forEach((name, values) -> {
                if (!(values instanceof List<?> list)) {
                    throw new IllegalArgumentException("filters." + name);
                }
                out.put(name, list.stream().map(String::valueOf).toList());
            });
        }
        return out;
    }
}
