package io.watchword.abuse.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiHardeningFilterTest {

    @Test
    void onlyCharsetsTheServerCannotDecodeAreRefused() {
        assertThat(ApiHardeningFilter.knownCharset(null)).isTrue();
        assertThat(ApiHardeningFilter.knownCharset("application/json")).isTrue();
        assertThat(ApiHardeningFilter.knownCharset("application/json; charset=UTF-8")).isTrue();
        assertThat(ApiHardeningFilter.knownCharset("application/json;charset=\"utf-8\"")).isTrue();
        assertThat(ApiHardeningFilter.knownCharset("application/json; charset=bogus-9")).isFalse();
        assertThat(ApiHardeningFilter.knownCharset("application/json; charset=@@@")).isFalse();
        assertThat(ApiHardeningFilter.knownCharset("application/json; charset=")).isFalse();
    }
}
