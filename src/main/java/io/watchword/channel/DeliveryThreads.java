package io.watchword.channel;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorDefinition;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The server-managed threads provider calls run on (contract §8): never a request thread, never
 * a pool of our own. Defined by the application (Jakarta Concurrency 3.0), so WildFly and Payara
 * both create it without server configuration. {@code maxAsync} bounds the calls in flight per
 * node; each connection's bulkhead ({@link Bulkheads}) keeps one hanging connection from taking
 * them all.
 */
@ApplicationScoped
@ManagedExecutorDefinition(name = DeliveryThreads.NAME, maxAsync = DeliveryThreads.MAX_ASYNC)
public class DeliveryThreads {

    static final String NAME = "java:app/concurrent/watchword-delivery";
    static final int MAX_ASYNC = 512;

    @Resource(lookup = NAME)
    ManagedExecutorService executor;

    /** Runs {@code work} on a delivery thread. */
    public <T> CompletableFuture<T> run(Supplier<T> work) {
        return executor.supplyAsync(work);
    }
}
