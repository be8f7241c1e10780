package io.watchword.archfixture.journey.entity;

import io.watchword.archfixture.journey.control.Engine;

/** Breaks "an entity depends on no control or boundary". */
public class Flow {

    Engine engine;
}
