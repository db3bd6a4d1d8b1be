package dev.hokan.engine.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ExpiryWindowTest {
    @Test
    void delaysFallWithinTheWindowAndRepeatWithTheSeed() {
        ExpiryWindow window = new ExpiryWindow(Duration.ofHours(8), new Random(7));
        var delays = IntStream.range(0, 1000).mapToObj(i -> window.draw()).toList();
        assertThat(delays).allSatisfy(d -> assertThat(d).isBetween(Duration.ZERO, Duration.ofHours(8)));
        assertThat(delays.stream().distinct().count()).isGreaterThan(900);
        ExpiryWindow again = new ExpiryWindow(Duration.ofHours(8), new Random(7));
        assertThat(IntStream.range(0, 1000).mapToObj(i -> again.draw()).toList()).isEqualTo(delays);
        assertThat(ExpiryWindow.of(Duration.ZERO).draw()).isZero();
        assertThatThrownBy(() -> ExpiryWindow.of(Duration.ofHours(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
