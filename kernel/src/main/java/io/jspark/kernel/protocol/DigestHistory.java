package io.jspark.kernel.protocol;

import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * The signatures of the messages accepted so far, so that a captured message sent again is refused,
 * as jupyter_client's Session does. Bounded: past its capacity the oldest signature is forgotten.
 * The shell, control and cell (stdin) threads decode concurrently, hence the synchronisation.
 */
final class DigestHistory {
    /** jupyter_client's digest_history_size. */
    static final int CAPACITY = 65_536;

    private final int capacity;
    private final LinkedHashSet<String> seen = new LinkedHashSet<>();

    DigestHistory(int capacity) {
        this.capacity = capacity;
    }

    /** Records {@code digest}; false when it was already recorded. */
    synchronized boolean addIfNew(String digest) {
        if (!seen.add(digest)) {
            return false;
        }
        if (seen.size() > capacity) {
            Iterator<String> oldest = seen.iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }
}
