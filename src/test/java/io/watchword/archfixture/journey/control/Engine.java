package io.watchword.archfixture.journey.control;

import io.watchword.archfixture.journey.boundary.Resource;
import io.watchword.archfixture.token.ReadsAFlow;

/** Breaks "a control depends on no boundary"; its use of token closes the journey-token cycle. */
public class Engine {

    Resource resource;
    ReadsAFlow tokens;
}
