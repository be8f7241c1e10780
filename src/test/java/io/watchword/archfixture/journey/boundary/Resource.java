package io.watchword.archfixture.journey.boundary;

import io.watchword.archfixture.journey.control.Engine;

/** A boundary using its control: allowed, so no rule names it. */
public class Resource {

    Engine engine;
}
