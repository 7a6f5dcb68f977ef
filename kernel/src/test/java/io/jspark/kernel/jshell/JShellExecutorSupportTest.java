package io.jspark.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The classes executors in other JVMs get besides the cells' own. */
class JShellExecutorSupportTest {
    private static final Pattern KERNEL_TYPE = Pattern.compile("io/jspark/[A-Za-z0-9_/$]+");

    @Test
    void executorClassesNeedNothingOfTheKernelButEachOther() throws IOException {
        Set<String> shipped = new HashSet<>();
        for (Class<?> c : JShellExecutorSupport.EXECUTOR_CLASSES) {
            shipped.add(c.getName().replace('.', '/'));
        }
        Set<String> kernelTypes = new HashSet<>();
        for (Class<?> c : JShellExecutorSupport.EXECUTOR_CLASSES) {
            try (InputStream in = c.getClassLoader().getResourceAsStream(c.getName().replace('.', '/') + ".class")) {
                // Class references and descriptors in the constant pool spell out internal names.
                Matcher m = KERNEL_TYPE.matcher(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
                while (m.find()) {
                    kernelTypes.add(m.group());
                }
            }
        }
        assertTrue(shipped.containsAll(kernelTypes), "executor classes refer to " + kernelTypes + " but only " + shipped + " are shipped");
    }
}
