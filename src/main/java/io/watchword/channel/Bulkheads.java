package io.watchword.channel;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;

/**
 * At most {@code maxConcurrency} calls in flight per connection on this node (contract §8), so
 * one hanging connection cannot take the delivery threads of the others. A per-node limit by
 * definition: the permits are the node's own calls in flight, not shared state.
 */
@ApplicationScoped
public class Bulkheads {

    /** One semaphore per connection and limit: a changed limit starts a new one. */
    private final ConcurrentMap<String, Semaphore> permits = new ConcurrentHashMap<>();

    /** A call's place in its connection's bulkhead. */
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /** A slot for one call, or null when the connection is at its limit; close it when the call returns. */
    public Slot enter(ConnectionSpec connection) {
        int max = connection.maxConcurrency();
        Semaphore s = permits.computeIfAbsent(connection.name() + '\u0000' + max, k -> new Semaphore(max));
        if (!s.tryAcquire()) {
            return null;
        }
        return s::release;
    }
}
