package io.jspark.kernelspec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs Jupyter's own Python tools against the kernelspec this build assembled, through a private
 * JUPYTER_PATH so that nothing is installed for the user. Output goes to the build log; {@link #close}
 * removes the private folder.
 */
final class JupyterProcess implements AutoCloseable {
    static final String PYTHON = "/usr/bin/python3";

    private final Path jupyterPath;
    private final Path work;

    private JupyterProcess(Path jupyterPath, Path work) {
        this.jupyterPath = jupyterPath;
        this.work = work;
    }

    /** Makes a JUPYTER_PATH whose only kernels are the spark-java and spark-scala kernelspecs of this build. */
    static JupyterProcess forBuiltKernelspec() throws IOException {
        Path java = builtKernelspec("kernelspec.dir", "target/spark-java");
        Path scala = builtKernelspec("kernelspec.scala.dir", "target/spark-scala");
        Path work = Files.createTempDirectory("jspark-it");
        Path kernels = Files.createDirectories(work.resolve("jupyter/kernels"));
        Files.createSymbolicLink(kernels.resolve("spark-java"), java);
        Files.createSymbolicLink(kernels.resolve("spark-scala"), scala);
        return new JupyterProcess(work.resolve("jupyter"), work);
    }

    private static Path builtKernelspec(String property, String fallback) {
        Path kernelspec = Path.of(System.getProperty(property, fallback)).toAbsolutePath();
        if (!Files.isRegularFile(kernelspec.resolve("kernel.json"))) {
            throw new IllegalStateException("no kernelspec at " + kernelspec + "; run the package phase first");
        }
        return kernelspec;
    }

    static Path repoRoot() {
        return Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    }

    Path work() {
        return work;
    }

    Path jupyterPath() {
        return jupyterPath;
    }

    /** Deletes the private folder; the link to the kernelspec goes, the kernelspec stays. */
    @Override
    public void close() throws IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(work)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Runs a command to completion (or kills it and its children after the timeout); returns its exit code. */
    int run(List<String> command, Path directory, long timeoutMinutes, Map<String, String> extraEnv)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).inheritIO();
        Map<String, String> env = builder.environment();
        env.put("JUPYTER_PATH", jupyterPath.toString());
        env.put("JUPYTER_RUNTIME_DIR", work.resolve("runtime").toString());
        env.put("JSPARK_HISTORY_FILE", work.resolve("history.jsonl").toString());
        // Each distinct kernel setup of the tests would train an archive of its own in the user's cache;
        // test_class_data_sharing turns it on in a folder of its own.
        env.put("JSPARK_CDS", "off");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("PYTHONUNBUFFERED", "1");
        env.putAll(extraEnv);
        Process process = builder.start();
        try {
            if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                throw new AssertionError("timed out after " + timeoutMinutes + " min: " + command);
            }
            return process.exitValue();
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
