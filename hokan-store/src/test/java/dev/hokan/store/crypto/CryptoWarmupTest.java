package dev.hokan.store.crypto;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.junit.jupiter.api.Test;

/**
 * Both warm-ups go through all their rounds, large inputs included: one that failed would end its thread at the
 * failure and leave the JIT where it was, which nothing else would show.
 */
class CryptoWarmupTest {
    @Test
    void warmUpOfSealingSealsAndHashesThroughEveryRound() {
        assertDoesNotThrow(() -> CryptoWarmup.run(CryptoWarmup.Work.SEALING));
    }

    @Test
    void warmUpOfOpeningOpensWhatItSealedThroughEveryRound() {
        assertDoesNotThrow(() -> CryptoWarmup.run(CryptoWarmup.Work.OPENING));
    }
}
