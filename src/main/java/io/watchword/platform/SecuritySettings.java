package io.watchword.platform;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The settings of the security rules (contract §11) that are not the OTP engine's, read once
 * at start and checked like {@link Settings}: an invalid value stops the deployment naming its key.
 */
@ApplicationScoped
public class SecuritySettings {

    @Inject
    Settings settings;

    private int emailMaxRecipients;
    private boolean allowPrivateNetworks;

    @PostConstruct
    public void load() {
        load(ConfigProvider.getConfig());
    }

    /** Read at start, so an invalid value stops the deployment rather than a later request. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        emailMaxRecipients();
    }

    void load(Config c) {
        emailMaxRecipients = Settings.intIn(c, ConfigKeys.EMAIL_MAX_RECIPIENTS, 10, 1, 1000);
        allowPrivateNetworks = Settings.bool(c, ConfigKeys.CONNECTIONS_ALLOW_PRIVATE_NETWORKS, false);
    }

    public int emailMaxRecipients() { return emailMaxRecipients; }

    /** Whether a connection may reach loopback, link-local or private addresses: in development mode, or when allowed. */
    public boolean privateNetworksAllowed() {
        return allowPrivateNetworks || settings.devMode();
    }
}
