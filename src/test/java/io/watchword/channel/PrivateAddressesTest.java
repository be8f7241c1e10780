package io.watchword.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class PrivateAddressesTest {

    @Test
    void loopbackLinkLocalPrivateAndThisHostArePrivate() throws Exception {
        for (String a : new String[] {"127.0.0.1", "127.9.9.9", "0.0.0.0", "0.1.2.3", "10.0.0.1", "172.16.0.1",
            "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1", "::1", "::", "fe80::1", "febf::1",
            "fc00::1", "fd12:3456::1", "fec0::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::10.0.0.1"}) {
            assertThat(PrivateAddresses.isPrivate(InetAddress.getByName(a))).as(a).isTrue();
        }
    }

    @Test
    void publicAddressesAreNot() throws Exception {
        for (String a : new String[] {"8.8.8.8", "172.32.0.1", "172.15.255.255", "192.169.0.1", "100.128.0.1",
            "169.255.0.1", "2001:4860:4860::8888", "fec0::1".replace("fec0", "2a00"), "::ffff:8.8.8.8"}) {
            assertThat(PrivateAddresses.isPrivate(InetAddress.getByName(a))).as(a).isFalse();
        }
    }

    @Test
    void hostsOfUrlsAndHostSettings() {
        assertThat(PrivateAddresses.hostOf("http://[::1]:8080/x")).contains("::1");
        assertThat(PrivateAddresses.hostOf("https://API.example.com/v1")).contains("api.example.com");
        assertThat(PrivateAddresses.hostOf("smtp.example.com")).contains("smtp.example.com");
        assertThat(PrivateAddresses.hostOf(" ")).isEmpty();
        assertThat(PrivateAddresses.privateAddressOf("localhost")).isPresent();
        assertThat(PrivateAddresses.privateAddressOf("127.0.0.1")).isPresent();
        assertThat(PrivateAddresses.privateAddressOf("no-such-host.invalid")).isEmpty();
    }
}
