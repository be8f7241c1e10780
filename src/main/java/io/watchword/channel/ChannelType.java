package io.watchword.channel;

import java.util.Locale;
import java.util.Optional;

/** The three ways a passcode reaches a user; {@link #id()} is the contract's spelling. */
public enum ChannelType {
    SMS, EMAIL, PUSH;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ChannelType> of(String id) {
        for (ChannelType t : values()) {
            if (t.id().equals(id)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
