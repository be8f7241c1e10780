package io.watchword.abuse.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddressKeyTest {

    @Test
    void anIpv4AddressCountsAsItself() {
        assertThat(AddressKey.of("203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(AddressKey.of("203.0.113.7")).isNotEqualTo(AddressKey.of("203.0.113.8"));
    }

    @Test
    void ipv6AddressesOfOneSlash64CountTogether() {
        assertThat(AddressKey.of("2001:db8:1:2:aaaa::1")).isEqualTo(AddressKey.of("2001:db8:1:2:bbbb:cccc:dddd:eeee"));
        assertThat(AddressKey.of("[2001:db8:1:2::1]")).isEqualTo(AddressKey.of("2001:db8:1:2::9%eth0"));
        assertThat(AddressKey.of("2001:db8:1:3::1")).isNotEqualTo(AddressKey.of("2001:db8:1:2::1"));
    }

    @Test
    void oddInputStillGivesAKey() {
        assertThat(AddressKey.of(null)).isEqualTo("unknown");
        assertThat(AddressKey.of("::ffff:192.0.2.1")).isEqualTo("192.0.2.1");
        assertThat(AddressKey.of("not:an:address:zz")).isEqualTo("not:an:address:zz");
    }
}
