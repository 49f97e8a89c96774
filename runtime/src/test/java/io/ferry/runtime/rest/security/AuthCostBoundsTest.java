package io.ferry.runtime.rest.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The parts that bound authentication's cost, with a moved clock: the failure windows and the cache of verified credentials. */
class AuthCostBoundsTest {

    @Test
    void anAddressIsLimitedUntilItsWindowEnds() {
        FailureLimiter limiter = new FailureLimiter(new AuthLimits(3, 60_000, 0));
        assertThat(limiter.failed("10.0.0.1", 1_000)).isFalse();
        assertThat(limiter.failed("10.0.0.1", 2_000)).isFalse();
        assertThat(limiter.blockedForMs("10.0.0.1", 2_000)).isZero();
        assertThat(limiter.failed("10.0.0.1", 3_000)).isTrue();
        assertThat(limiter.blockedForMs("10.0.0.1", 3_000)).isEqualTo(58_000);
        assertThat(limiter.blockedForMs("10.0.0.2", 3_000)).isZero();
        assertThat(limiter.blockedForMs("10.0.0.1", 61_000)).isZero();
        assertThat(limiter.failed("10.0.0.1", 61_000)).as("a new window").isFalse();
    }

    @Test
    void ipv6ClientsAreCountedPerSlash64() {
        FailureLimiter limiter = new FailureLimiter(new AuthLimits(2, 60_000, 0));
        limiter.failed("2001:db8:1:2::1", 0);
        limiter.failed("[2001:db8:1:2:ffff::9]", 0);
        assertThat(limiter.blockedForMs("2001:db8:1:2::77", 0)).isPositive();
        assertThat(limiter.blockedForMs("2001:db8:1:3::1", 0)).isZero();
        assertThat(FailureLimiter.key("2001:db8:1:2:aaaa::1")).isEqualTo(FailureLimiter.key("2001:db8:1:2::2"));
    }

    @Test
    void trackedAddressesAreBounded() {
        FailureLimiter limiter = new FailureLimiter(new AuthLimits(1, 60_000, 0));
        for (int i = 0; i < FailureLimiter.MAX_ADDRESSES + 500; i++) {
            limiter.failed("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255), 0);
        }
        assertThat(limiter.tracked()).isEqualTo(FailureLimiter.MAX_ADDRESSES);
    }

    @Test
    void verifiedCredentialsExpireAndAreBounded() {
        VerifiedCredentials cache = new VerifiedCredentials(10_000);
        byte[] tag = cache.tag("admin", "s3cret".toCharArray());
        assertThat(tag).isEqualTo(cache.tag("admin", "s3cret".toCharArray())).isNotEqualTo(cache.tag("admin", "s3creT".toCharArray()));
        assertThat(cache.contains(tag, 0)).isFalse();
        cache.add(tag, 0);
        assertThat(cache.contains(tag, 9_999)).isTrue();
        assertThat(cache.contains(tag, 10_000)).isFalse();
        for (int i = 0; i < VerifiedCredentials.MAX_ENTRIES + 10; i++) {
            cache.add(cache.tag("user" + i, "pw".toCharArray()), 0);
        }
        assertThat(cache.size()).isEqualTo(VerifiedCredentials.MAX_ENTRIES);
        VerifiedCredentials off = new VerifiedCredentials(0);
        off.add(tag, 0);
        assertThat(off.contains(tag, 0)).isFalse();
    }
}
