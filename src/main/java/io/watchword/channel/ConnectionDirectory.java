package io.watchword.channel;

/** Where delivery finds the stored connections (implemented by the connection feature). */
public interface ConnectionDirectory {

    /** The connection as providers see it, or null when there is none of that name. */
    ConnectionSpec spec(String name);
}
