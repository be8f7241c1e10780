package io.watchword.journey.control;

import static io.watchword.journey.control.JourneyFields.*;

import io.watchword.channel.AutofillLines;
import io.watchword.channel.ChannelType;
import io.watchword.channel.OutboundMessage;
import io.watchword.otp.control.OtpService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the message an OTP step sends (contract §2, §10): each field in the language variant
 * chosen for the flow, interpolated, and for SMS the autofill lines appended by the server.
 */
@ApplicationScoped
public class OtpMessages {

    /** The message and the language tag its main field was chosen in (null: a plain string). */
    public record Built(OutboundMessage message, String locale) {
    }

    @Inject
    Expressions expressions;

    public Built build(StepDef step, ChannelType channel, JsonObject cfg, List<String> recipients, FlowRun run,
                       OtpService.Issued issued) throws ExpressionException {
        String wanted = wanted(step, run);
        long seconds = Duration.between(run.now(), issued.expiresAt()).toSeconds();
        Map<String, Object> vars = new HashMap<>(run.variables());
        vars.put(OTP, issued.passcode());
        vars.put(EXPIRES_IN_SECONDS, seconds);
        vars.put(EXPIRES_IN_MINUTES, (seconds + 59) / 60);
        return switch (channel) {
            case SMS -> {
                MessageLocale.Choice text = MessageLocale.choose(cfg.get(MESSAGE), wanted);
                String body = AutofillLines.append(interpolate(text, vars, run), issued.passcode(),
                        cfg.getString(AUTOFILL_DOMAIN, null), cfg.getString(ANDROID_APP_HASH, null));
                yield new Built(new OutboundMessage(channel, recipients,
                        interpolate(MessageLocale.choose(cfg.get(FROM), wanted), run.variables(), run), null, body),
                        tag(text));
            }
            case EMAIL -> {
                MessageLocale.Choice body = MessageLocale.choose(cfg.get(BODY), wanted);
                yield new Built(new OutboundMessage(channel, recipients,
                        interpolate(MessageLocale.choose(cfg.get(SENDER_NAME), wanted), run.variables(), run),
                        interpolate(MessageLocale.choose(cfg.get(SUBJECT), wanted), vars, run),
                        interpolate(body, vars, run)), tag(body));
            }
            case PUSH -> {
                MessageLocale.Choice text = MessageLocale.choose(cfg.get(TEXT), wanted);
                yield new Built(new OutboundMessage(channel, recipients, null,
                        interpolate(MessageLocale.choose(cfg.get(TITLE), wanted), vars, run),
                        interpolate(text, vars, run)), tag(text));
            }
        };
    }

    /** The step's {@code locale} expression when it gives a tag, else the flow's locale. */
    private String wanted(StepDef step, FlowRun run) throws ExpressionException {
        String expression = step.string(LOCALE);
        Object value = expression == null || expression.isBlank() ? null
                : expressions.evaluate(expression, run.variables(), run.policy());
        return MessageLocale.wanted(value, run.locale());
    }

    private static String tag(MessageLocale.Choice choice) {
        return choice == null ? null : choice.tag();
    }

    private String interpolate(MessageLocale.Choice choice, Map<String, Object> vars, FlowRun run) throws ExpressionException {
        return choice == null || choice.text() == null ? null : expressions.interpolate(choice.text(), vars, run.policy());
    }
}
