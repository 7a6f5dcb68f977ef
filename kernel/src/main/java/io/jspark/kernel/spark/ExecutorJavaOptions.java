package io.jspark.kernel.spark;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * The JVM flags that Spark needs on Java 17 (module openings and the Netty and reflection settings)
 * as the kernel's JVM got them from kernel.json, for {@code spark.executor.extraJavaOptions}: executors
 * in other JVMs then run with the same flags as the driver.
 */
final class ExecutorJavaOptions {
    private ExecutorJavaOptions() {
    }

    /**
     * {@code configured} with the kernel's flags in front of it, leaving out flags it already has and
     * those Spark itself adds to every executor (its JavaModuleOptions).
     */
    static String withKernelFlags(String configured) {
        List<String> sparkAdds = List.of(JavaModuleOptions.defaultModuleOptions().split("\\s+"));
        List<String> flags = kernelFlags(ManagementFactory.getRuntimeMXBean().getInputArguments()).stream()
                .filter(f -> !sparkAdds.contains(f)).toList();
        return join(flags, configured);
    }

    static String join(List<String> flags, String configured) {
        Set<String> present = new LinkedHashSet<>(List.of(configured.trim().split("\\s+")));
        List<String> parts = new ArrayList<>();
        for (String flag : flags) {
            if (!present.contains(flag)) {
                parts.add(flag);
            }
        }
        if (!configured.isBlank()) {
            parts.add(configured.trim());
        }
        return String.join(" ", parts);
    }

    /** The flags of a JVM's arguments that concern Spark; "--add-opens X" is joined to "--add-opens=X". */
    static List<String> kernelFlags(List<String> jvmArguments) {
        Set<String> flags = new LinkedHashSet<>();
        for (int i = 0; i < jvmArguments.size(); i++) {
            String arg = jvmArguments.get(i);
            if ((arg.equals("--add-opens") || arg.equals("--add-exports")) && i + 1 < jvmArguments.size()) {
                flags.add(arg + "=" + jvmArguments.get(++i));
            } else if (arg.startsWith("--add-opens=") || arg.startsWith("--add-exports=")
                    || arg.startsWith("-Dio.netty.") || arg.startsWith("-Djdk.reflect.")
                    || arg.equals("-XX:+IgnoreUnrecognizedVMOptions")) {
                flags.add(arg);
            }
        }
        return List.copyOf(flags);
    }
}
