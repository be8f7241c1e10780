package io.watchword.archfixture.token;

import io.watchword.archfixture.journey.entity.Flow;

/** Breaks "token does not depend on journey" (and, with Engine, makes a cycle of slices). */
public class ReadsAFlow {

    public String issue(Flow flow) {
        return flow.toString();
    }
}
