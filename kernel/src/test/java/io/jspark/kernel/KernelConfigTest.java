package io.jspark.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KernelConfigTest {

    @Test
    void maxMessageBytesDefaultsTo128MiB() {
        assertEquals(128L * 1024 * 1024, KernelConfig.fromEnvironment(Map.of()).maxMessageBytes());
    }

    @Test
    void maxMessageBytesFollowsTheEnvironmentAndIgnoresNonsense() {
        assertEquals(5_000_000_000L,
                KernelConfig.fromEnvironment(Map.of("JSPARK_MAX_MESSAGE_BYTES", " 5000000000 ")).maxMessageBytes());
        assertEquals(KernelConfig.DEFAULT_MAX_MESSAGE_BYTES,
                KernelConfig.fromEnvironment(Map.of("JSPARK_MAX_MESSAGE_BYTES", "lots")).maxMessageBytes());
    }
}
