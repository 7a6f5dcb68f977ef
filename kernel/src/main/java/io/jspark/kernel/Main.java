package io.jspark.kernel;

import io.jspark.kernel.protocol.ConnectionInfo;
import io.jspark.kernel.spark.SparkRuntime;
import java.nio.file.Path;

/** Entry point: {@code Main <connection-file>}, as kernel.json starts it. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: io.jspark.kernel.Main CONNECTION_FILE");
            System.exit(2);
        }
        SparkRuntime.configureLogging();
        KernelConfig config = KernelConfig.fromEnvironment(System.getenv());
        KernelLog.configure(System.err, config.logFile(), config.logLevel());
        new Kernel(ConnectionInfo.read(Path.of(args[0])), config).run();
        // Threads that cells started may still run; a kernel told to shut down must not outlive the request.
        System.exit(0);
    }
}
