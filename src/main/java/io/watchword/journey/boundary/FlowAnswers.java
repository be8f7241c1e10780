package io.watchword.journey.boundary;

import io.watchword.channel.Delivery;
import io.watchword.channel.DeliveryReport;
import io.watchword.channel.DeliveryThreads;
import io.watchword.journey.control.JourneyEngine;
import io.watchword.journey.control.PendingSend;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.AsyncResponse;
import java.util.concurrent.CompletionException;

/**
 * Answers a journey request (contract §1, §8): at once, or — when the request issued a passcode —
 * once its send has reported. The request's transaction has committed by then and its thread is
 * back in the server's pool: the provider is called on a delivery thread, and the outcome is
 * recorded in a transaction of its own, which may start another send (a failure branch to a
 * second OTP step) before the client gets its answer.
 */
@ApplicationScoped
public class FlowAnswers {

    @Inject
    JourneyEngine engine;

    @Inject
    Delivery delivery;

    @Inject
    DeliveryThreads threads;

    public void answer(JourneyEngine.Result result, AsyncResponse async) {
        if (result.pending() == null) {
            resume(result, async);
            return;
        }
        threads.run(() -> sendAll(result.pending())).whenComplete((r, error) -> {
            if (error != null) {
                async.resume(error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error);
            } else {
                resume(r, async);
            }
        });
    }

    private JourneyEngine.Result sendAll(PendingSend first) {
        JourneyEngine.Result r;
        PendingSend pending = first;
        do {
            DeliveryReport report = delivery.deliver(pending.dispatch().plan(), pending.dispatch().message());
            r = engine.delivered(pending, report);
            pending = r.pending();
        } while (pending != null);
        return r;
    }

    private static void resume(JourneyEngine.Result r, AsyncResponse async) {
        async.resume(r.response().toJson().toString());
    }
}
