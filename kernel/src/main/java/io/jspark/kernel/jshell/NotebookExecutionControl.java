package io.jspark.kernel.jshell;

import io.jspark.kernel.jvm.CellInterrupted;
import io.jspark.kernel.jvm.NotebookBytecode;
import io.jspark.kernel.jvm.NotebookRuntimeHooks;
import io.jspark.kernel.jvm.StuckCellStopper;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs snippets directly on the cell's execution thread, inside the kernel's JVM, so that user code,
 * the SparkSession and the monitor share one heap. Unlike JShell's local engine it keeps the raw value
 * of the last snippet (for rich display) and stops only the cell's own thread on interrupt, never
 * the threads a cell started on purpose.
 */
final class NotebookExecutionControl extends DirectExecutionControl {
    private static final System.Logger LOG = System.getLogger(NotebookExecutionControl.class.getName());

    /** Written on the cell thread, read there after eval returns. */
    private Object lastValue;
    private Throwable lastFailure;

    /** The thread running user code right now, or null; read by the control thread to stop it. */
    private volatile Thread userThread;
    /** Counts invocations, so that a late stop never hits the snippet after the one it was meant for. */
    private volatile long invocation;
    /** A stop that came while no snippet ran (it was compiling): the next snippet of the cell stops at once. */
    private volatile boolean pendingStop;

    private final NotebookClassLoader loader;
    /** Told the wrapper class of each snippet just before it runs; set once, before any cell. */
    private volatile Consumer<String> beforeRun = className -> { };

    NotebookExecutionControl(NotebookClassLoader loader) {
        super(new Loader(loader));
        this.loader = loader;
    }

    Object takeLastValue() {
        Object v = lastValue;
        lastValue = null;
        return v;
    }

    /** The exception the last snippet threw, as thrown (JShell only passes on a copy); for the kernel log. */
    Throwable takeLastFailure() {
        Throwable t = lastFailure;
        lastFailure = null;
        return t;
    }

    @Override
    protected void clientCodeEnter() {
        invocation++;
        NotebookRuntimeHooks.clearStop();
        userThread = Thread.currentThread();
        // Libraries that load classes by name (Spark's code generation, Encoders.bean, Java
        // serialization in Spark) use the context loader; cell classes must be visible to them, also
        // from threads the cell starts, which inherit it.
        userThread.setContextClassLoader(loader);
        if (pendingStop) {
            NotebookRuntimeHooks.requestStop(Thread.currentThread());
        }
    }

    /** Called on the cell thread when a new part of a cell starts: earlier stops are spent. */
    void clearPendingStop() {
        pendingStop = false;
        NotebookRuntimeHooks.clearStop();
    }

    @Override
    protected void clientCodeLeave() {
        userThread = null;
        NotebookRuntimeHooks.clearStop();
    }

    void beforeRun(Consumer<String> listener) {
        this.beforeRun = listener;
    }

    /** On the cell thread, inside JShell's eval: the snippet's classes are loaded and about to run. */
    @Override
    public String invoke(String className, String methodName) throws RunException, InternalException, EngineTerminationException {
        try {
            beforeRun.accept(className);
        } catch (RuntimeException e) {
            // Naming the snippet's code for the monitor must never keep the snippet from running.
            LOG.log(System.Logger.Level.WARNING, "could not record the wrapper of " + className, e);
        }
        return super.invoke(className, methodName);
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        lastValue = null;
        lastFailure = null;
        try {
            Object value = doitMethod.invoke(null);
            lastValue = value;
            return valueString(value);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CellInterrupted || cause instanceof ThreadDeath) {
                throw new StoppedException();
            }
            lastFailure = cause;
            throw e;
        }
    }

    /**
     * Called on the control thread (through JShell.stop). Notebook loops see the hook at their next
     * backward jump; blocking calls see the interrupt. Code of libraries that neither loops through
     * notebook code nor blocks is stopped with Thread.stop where the JDK still has it.
     */
    @Override
    public void stop() {
        pendingStop = true;
        long stopping = invocation;
        Thread target = userThread;
        if (target == null) {
            return;
        }
        NotebookRuntimeHooks.requestStop(target);
        target.interrupt();
        StuckCellStopper.stopLater(target, () -> userThread == target && invocation == stopping);
    }

    /** Hands JShell the one execution control that the evaluator owns. */
    static ExecutionControlProvider providerFor(NotebookExecutionControl control) {
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "jspark";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return control;
            }
        };
    }

    private static final class Loader implements LoaderDelegate {
        private final NotebookClassLoader loader;

        Loader(NotebookClassLoader loader) {
            this.loader = loader;
        }

        @Override
        public void load(ClassBytecodes[] cbcs) throws ClassInstallException {
            boolean[] installed = new boolean[cbcs.length];
            for (ClassBytecodes cbc : cbcs) {
                loader.define(cbc.name(), cbc.bytecodes(), NotebookBytecode.rewrite(cbc.bytecodes()));
            }
            boolean failed = false;
            for (int i = 0; i < cbcs.length; i++) {
                try {
                    Class.forName(cbcs[i].name(), false, loader);
                    installed[i] = true;
                } catch (ClassNotFoundException | LinkageError e) {
                    LOG.log(System.Logger.Level.WARNING, "could not define " + cbcs[i].name(), e);
                    failed = true;
                }
            }
            if (failed) {
                throw new ClassInstallException("a notebook class could not be defined", installed);
            }
        }

        @Override
        public void classesRedefined(ClassBytecodes[] cbcs) {
            for (ClassBytecodes cbc : cbcs) {
                loader.define(cbc.name(), cbc.bytecodes(), NotebookBytecode.rewrite(cbc.bytecodes()));
            }
        }

        @Override
        public void addToClasspath(String path) throws InternalException {
            try {
                for (String entry : path.split(java.io.File.pathSeparator)) {
                    if (!entry.isEmpty()) {
                        loader.addURL(Path.of(entry).toUri().toURL());
                    }
                }
            } catch (MalformedURLException e) {
                throw new InternalException("not a classpath entry: " + path);
            }
        }

        @Override
        public Class<?> findClass(String name) throws ClassNotFoundException {
            return Class.forName(name, false, loader);
        }
    }
}
