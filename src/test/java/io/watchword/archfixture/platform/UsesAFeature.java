package io.watchword.archfixture.platform;

import io.watchword.archfixture.journey.control.Engine;

/** Breaks "platform depends on no feature". */
public class UsesAFeature {

    Engine engine;
}
