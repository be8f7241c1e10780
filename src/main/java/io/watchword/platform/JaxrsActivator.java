package io.watchword.platform;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The REST API lives under {@code /api} (contract §0). */
@ApplicationPath("/api")
public class JaxrsActivator extends Application {
}
