package io.watchword.journey.control;

import io.watchword.platform.ProblemException;
import jakarta.ejb.ApplicationException;

/**
 * A client response refused after the request changed what must be kept — a flow ended as
 * expired, a send taken for dead and resumed, a flow whose journey went away: the problem is
 * the answer, and the transaction still commits what the request changed.
 */
@ApplicationException(rollback = false)
public class FlowRefused extends ProblemException {

    public FlowRefused(ProblemException p) {
        super(p.status(), p.code(), p.title(), p.detail(), p.errors(), p.extensions(), p.headers());
    }
}
