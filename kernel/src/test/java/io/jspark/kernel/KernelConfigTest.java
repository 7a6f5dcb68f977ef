package io.jspark.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KernelConfigTest {
    private static long outputLimit(String value) {
        return KernelConfig.fromEnvironment(value == null ? Map.of() : Map.of("JSPARK_OUTPUT_LIMIT", value)).outputLimit();
    }

    @Test
    void theOutputLimitIsTenMegabytesUnlessSet() {
        assertEquals(10_000_000, outputLimit(null));
        assertEquals(100_000_000, outputLimit("100m"));
        assertEquals(500_000, outputLimit("500K"));
        assertEquals(2_000_000_000, outputLimit("2gb"));
        assertEquals(1_500_000, outputLimit("1.5m"));
        assertEquals(4096, outputLimit("4096"));
        assertEquals(Long.MAX_VALUE, outputLimit("0"), "0 is no limit");
        assertEquals(10_000_000, outputLimit("lots"), "what it cannot read leaves the default");
        assertEquals(10_000_000, outputLimit("-5m"));
    }
}
