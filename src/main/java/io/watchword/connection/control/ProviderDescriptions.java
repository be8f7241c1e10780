package io.watchword.connection.control;

import io.watchword.channel.ChannelType;
import io.watchword.channel.ProviderFields;
import io.watchword.channel.Providers;
import io.watchword.channel.outbox.OutboxProvider;
import io.watchword.platform.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The providers a connection can be made with, each with the description its validation
 * walks ({@link ProviderFields}): the admin console builds its forms from this.
 */
@ApplicationScoped
public class ProviderDescriptions {

    @Inject
    Providers providers;

    @Inject
    Settings settings;

    public JsonArray all() {
        JsonArrayBuilder a = Json.createArrayBuilder();
        providers.all().forEach((name, p) -> {
            if (OutboxProvider.NAME.equals(name) && !settings.outboxEnabled()) {
                return;
            }
            JsonArrayBuilder channels = Json.createArrayBuilder();
            p.channels().stream().map(ChannelType::id).sorted().forEach(channels::add);
            JsonArrayBuilder fields = Json.createArrayBuilder();
            List<ProviderFields.Setting> all = new ArrayList<>(p.fields().settings());
            all.addAll(ProviderFields.DELIVERY.settings());
            for (ProviderFields.Setting f : all) {
                fields.add(describe(f));
            }
            JsonArrayBuilder secrets = Json.createArrayBuilder();
            p.fields().secrets().forEach(x -> secrets.add(Json.createObjectBuilder().add("name", x.name())
                    .add("required", x.required()).add("multiline", x.multiline())));
            a.add(Json.createObjectBuilder().add("id", name).add("channels", channels)
                    .add("settings", fields).add("secrets", secrets));
        });
        return a.build();
    }

    private static JsonObjectBuilder describe(ProviderFields.Setting f) {
        JsonObjectBuilder o = Json.createObjectBuilder().add("name", f.name())
                .add("type", f.kind().id()).add("required", f.required());
        if (f.requiredUnless() != null) {
            o.add("requiredUnless", f.requiredUnless());
        }
        if (f.defaultValue() != null) {
            o.add("default", f.defaultValue());
        }
        if (!f.allowed().isEmpty()) {
            o.add("allowed", Json.createArrayBuilder(f.allowed()));
        }
        return o;
    }
}
