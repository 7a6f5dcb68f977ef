package io.jspark.kernel.jshell;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands a value to the declaration that binds it. Static because code that JShell compiles reaches
 * the kernel only through classes its loader can see; each value is taken once, by the cell thread.
 */
public final class BoundValues {
    private static final Map<String, Object> WAITING = new ConcurrentHashMap<>();

    private BoundValues() {
    }

    static void offer(String key, Object value) {
        WAITING.put(key, value);
    }

    /** Called by the binding declaration's code. */
    public static Object take(String key) {
        return WAITING.remove(key);
    }
}
