package io.watchword.ops.control;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Which build this is: {@code META-INF/watchword-build.properties}, written by the build. */
public final class BuildInfo {

    /** The build id (version and build time, or what the build was given). */
    public static final String ID = read();

    private BuildInfo() {
    }

    private static String read() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/META-INF/watchword-build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("build", "unknown");
    }
}
