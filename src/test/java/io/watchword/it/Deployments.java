package io.watchword.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The suite deploys the very WAR Maven built, not a hand-picked subset of it. */
public final class Deployments {

    private Deployments() {
    }

    public static WebArchive watchword() {
        return ShrinkWrap.createFromZipFile(WebArchive.class,
                new File(System.getProperty("watchword.war", "target/watchword.war")));
    }

    /** Ports of peers in the test JVM move with the server's port offset, so suites can run side by side. */
    public static int port(int base) {
        return base + Integer.getInteger("watchword.test.port-offset", 0);
    }
}
