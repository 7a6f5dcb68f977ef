package io.jspark.kernelspec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kernel as users meet it: started by jupyter_client from the assembled kernelspec, checked by
 * the public jupyter_kernel_test suite and our own protocol cases, and running the example notebooks.
 */
class JupyterClientIT {
    private static JupyterProcess jupyter;

    @BeforeAll
    static void kernelspec() throws Exception {
        jupyter = JupyterProcess.forBuiltKernelspec();
    }

    @org.junit.jupiter.api.AfterAll
    static void cleanUp() throws Exception {
        jupyter.close();
    }

    @Test
    void protocolSuitePasses() throws Exception {
        Path tests = JupyterProcess.repoRoot().resolve("kernelspec/src/test/python");
        int exit = jupyter.run(List.of(JupyterProcess.PYTHON, "-m", "unittest", "discover", "-v", "-s", tests.toString(),
                "-p", "test_*.py"), tests, 30, Map.of());
        assertEquals(0, exit, "the Python protocol tests failed; their output is above");
    }

    /** The suites whose code comes from the per-language table, for the Scala kernel. */
    @Test
    void protocolSuitePassesForScala() throws Exception {
        Path tests = JupyterProcess.repoRoot().resolve("kernelspec/src/test/python");
        int exit = jupyter.run(List.of(JupyterProcess.PYTHON, "-m", "unittest", "-v", "test_jupyter_kernel_test",
                "test_protocol", "test_busy_kernel", "test_scala"), tests, 20, Map.of("JSPARK_TEST_LANGUAGE", "scala"));
        assertEquals(0, exit, "the Python protocol tests failed for Scala; their output is above");
    }

    @Test
    void exampleNotebooksRunWithoutErrors() throws Exception {
        Path notebooks = JupyterProcess.repoRoot().resolve("notebooks");
        List<Path> all;
        try (Stream<Path> files = Files.list(notebooks)) {
            all = files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertFalse(all.isEmpty(), "no notebooks in " + notebooks);
        for (Path notebook : all) {
            int exit = jupyter.run(List.of(JupyterProcess.PYTHON, "-m", "nbconvert", "--to", "notebook", "--execute",
                    "--ExecutePreprocessor.timeout=600",
                    "--output-dir", jupyter.work().resolve("executed").toString(), notebook.toString()),
                    notebooks, 15, Map.of());
            assertEquals(0, exit, notebook.getFileName() + " did not run cleanly; nbconvert's output is above");
        }
    }
}
