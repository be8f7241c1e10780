package io.watchword.abuse.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateTest {

    @Test
    void readsCountSlashIsoDuration() {
        assertThat(Rate.parse("60/PT1M")).isEqualTo(new Rate(60, Duration.ofMinutes(1)));
        assertThat(Rate.parse(" 5 / PT10M ")).isEqualTo(new Rate(5, Duration.ofMinutes(10)));
        assertThat(Rate.parse("100000/PT1M").windowSeconds()).isEqualTo(60);
    }

    @Test
    void refusesWhatIsNotALimit() {
        for (String bad : new String[] {"", "60", "/PT1M", "60/", "0/PT1M", "-1/PT1M", "x/PT1M", "5/1m", "5/PT0S",
            "5/PT0.5S", "5/PT1M/2", "99999999999/PT1M"}) {
            assertThatThrownBy(() -> Rate.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
