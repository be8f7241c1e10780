package io.watchword.channel;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Selects the {@link ChannelSender} bean of one channel. */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface Channel {

    ChannelType value();

    final class Literal extends AnnotationLiteral<Channel> implements Channel {
        private static final long serialVersionUID = 1L;
        private final ChannelType value;

        public Literal(ChannelType value) {
            this.value = value;
        }

        @Override
        public ChannelType value() {
            return value;
        }
    }
}
