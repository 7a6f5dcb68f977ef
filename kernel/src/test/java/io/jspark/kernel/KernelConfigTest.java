package io.jspark.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jspark.kernel.widgets.WidgetProtocol;
import java.nio.file.Path;
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
        assertEquals(256_000_000L, KernelConfig.fromEnvironment(Map.of("JSPARK_MAX_MESSAGE_BYTES", "256m")).maxMessageBytes());
        assertEquals(Long.MAX_VALUE, KernelConfig.fromEnvironment(Map.of("JSPARK_MAX_MESSAGE_BYTES", "0")).maxMessageBytes(),
                "0 is no cap, not a cap that refuses every message");
        assertEquals(KernelConfig.DEFAULT_MAX_MESSAGE_BYTES,
                KernelConfig.fromEnvironment(Map.of("JSPARK_MAX_MESSAGE_BYTES", "-1")).maxMessageBytes());
        assertEquals(KernelConfig.DEFAULT_MAX_MESSAGE_BYTES,
                KernelConfig.fromEnvironment(Map.of("JSPARK_MAX_MESSAGE_BYTES", "1000")).maxMessageBytes(), "too small to work");
    }

    @Test
    void historyAndMavenRepositoryFollowHome() {
        KernelConfig config = KernelConfig.fromEnvironment(Map.of("HOME", "/home/someone-else"));
        assertEquals(Path.of("/home/someone-else/.local/share/jspark/history.jsonl"), config.historyFile());
        assertEquals(Path.of("/home/someone-else/.m2/repository"), config.mavenRepository());
    }

    @Test
    void xdgDataHomeAndAnExplicitFileComeFirst() {
        assertEquals(Path.of("/data/jspark/history.jsonl"),
                KernelConfig.fromEnvironment(Map.of("HOME", "/h", "XDG_DATA_HOME", "/data")).historyFile());
        assertEquals(Path.of("/h/.local/share/jspark/history.jsonl"),
                KernelConfig.fromEnvironment(Map.of("HOME", "/h", "XDG_DATA_HOME", "")).historyFile());
        assertEquals(Path.of("/x/h.jsonl"),
                KernelConfig.fromEnvironment(Map.of("HOME", "/h", "JSPARK_HISTORY_FILE", "/x/h.jsonl")).historyFile());
        assertNull(KernelConfig.fromEnvironment(Map.of("JSPARK_HISTORY_FILE", "none")).historyFile());
    }

    @Test
    void withoutHomeTheJvmsUserHomeServes() {
        assertEquals(Path.of(System.getProperty("user.home"), ".local/share/jspark/history.jsonl"),
                KernelConfig.fromEnvironment(Map.of()).historyFile());
    }

    @Test
    void widgetsAreIpywidgets8UnlessSetTo7OrOff() {
        assertEquals(WidgetProtocol.IPYWIDGETS_8, KernelConfig.fromEnvironment(Map.of()).widgets());
        assertEquals(WidgetProtocol.IPYWIDGETS_7, KernelConfig.fromEnvironment(Map.of("JSPARK_WIDGETS", " 7 ")).widgets());
        assertNull(KernelConfig.fromEnvironment(Map.of("JSPARK_WIDGETS", "OFF")).widgets());
        assertEquals(WidgetProtocol.IPYWIDGETS_8, KernelConfig.fromEnvironment(Map.of("JSPARK_WIDGETS", "9")).widgets());
    }
}
