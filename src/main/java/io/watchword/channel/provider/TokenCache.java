package io.watchword.channel.provider;

import io.watchword.channel.DeliveryException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Bearer tokens a provider mints for itself (APNs provider JWTs, FCM OAuth2 access tokens),
 * kept until their refresh time. Minting is serialised per key, so a burst of sends after a
 * start or an expiry asks the token endpoint once rather than once per send. Bounded: when
 * full it is emptied (tokens are cheap to mint again), so it can never grow with the number
 * of connections ever seen.
 */
public final class TokenCache {

    /** A token and the moment it should be replaced. */
    public record Token(String value, Instant refreshAt) {
    }

    /** Makes a new token when none is cached or the cached one is due. */
    @FunctionalInterface
    public interface Minter {
        Token mint(Instant now) throws DeliveryException;
    }

    private static final int MAX_ENTRIES = 1024;

    private final Clock clock;
    private final ConcurrentMap<String, Token> tokens = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();

    public TokenCache(Clock clock) {
        this.clock = clock;
    }

    public String get(String key, Minter minter) throws DeliveryException {
        Token token = tokens.get(key);
        if (valid(token)) {
            return token.value();
        }
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            token = tokens.get(key);
            if (valid(token)) {
                return token.value();
            }
            token = minter.mint(clock.instant());
            if (tokens.size() >= MAX_ENTRIES) {
                tokens.clear();
                locks.clear();
            }
            tokens.put(key, token);
            return token.value();
        }
    }

    /** Forgets {@code value} (the provider refused it), unless a newer token replaced it. */
    public void evict(String key, String value) {
        tokens.computeIfPresent(key, (k, t) -> t.value().equals(value) ? null : t);
    }

    private boolean valid(Token token) {
        return token != null && clock.instant().isBefore(token.refreshAt());
    }
}
