package io.jspark.kernelspec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The monitor's views in a real browser: Debian's Chromium, driven by playwright-core, against Jupyter
 * Notebook running notebooks/spark-views.ipynb, against a JupyterLab 4 page built from Lab's npm
 * packages (with ipywidgets 8's manager), and against a page with ipywidgets 7's manager for the
 * cancel buttons of JSPARK_WIDGETS=7. Screenshots land in target/screenshots.
 */
class BrowserIT {
    @Test
    void monitorViewsWorkInJupyterNotebook() throws Exception {
        runBrowserTest("notebook_views_test.mjs");
    }

    @Test
    void monitorViewsWorkInJupyterLab() throws Exception {
        runBrowserTest("lab_views_test.mjs");
    }

    @Test
    void cancelButtonsWorkWithIpywidgets7() throws Exception {
        runBrowserTest("widgets7_test.mjs");
    }

    private static void runBrowserTest(String script) throws Exception {
        Path browserTests = JupyterProcess.repoRoot().resolve("kernelspec/src/test/browser");
        assertTrue(Files.isDirectory(browserTests.resolve("node_modules/playwright-core")),
                "run 'npm ci' in " + browserTests + " first (.ci/run does)");
        assertTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "install Debian's chromium (.ci/run does)");
        Path screenshots = Path.of("target/screenshots").toAbsolutePath();
        try (JupyterProcess jupyter = JupyterProcess.forBuiltKernelspec()) {
            int exit = jupyter.run(List.of("node", script, JupyterProcess.repoRoot().toString(),
                    jupyter.jupyterPath().toString(), screenshots.toString()), browserTests, 20, Map.of());
            assertEquals(0, exit, script + ": the browser checks failed; their output is above");
        }
    }
}
