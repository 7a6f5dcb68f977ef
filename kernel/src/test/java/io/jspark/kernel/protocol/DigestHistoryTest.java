package io.jspark.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DigestHistoryTest {

    @Test
    void refusesADigestItHasSeen() {
        DigestHistory history = new DigestHistory(4);
        assertTrue(history.addIfNew("a"));
        assertTrue(history.addIfNew("b"));
        assertFalse(history.addIfNew("a"));
    }

    @Test
    void forgetsTheOldestPastItsCapacity() {
        DigestHistory history = new DigestHistory(3);
        for (String digest : new String[] {"a", "b", "c", "d"}) {
            assertTrue(history.addIfNew(digest));
        }
        assertFalse(history.addIfNew("b"), "b is among the newest three");
        assertFalse(history.addIfNew("d"));
        assertTrue(history.addIfNew("a"), "a was the oldest and is forgotten");
    }
}
