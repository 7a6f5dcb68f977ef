package io.jspark.kernel;

import io.jspark.display.MimeBundle;
import io.jspark.kernel.interpreter.Binding;
import io.jspark.kernel.interpreter.CellError;
import io.jspark.kernel.interpreter.Completeness;
import io.jspark.kernel.interpreter.Completion;
import io.jspark.kernel.interpreter.EvalResult;
import io.jspark.kernel.interpreter.ExecutorSupport;
import io.jspark.kernel.interpreter.Interpreter;
import io.jspark.kernel.interpreter.LanguageInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.spark.SparkEnv;

/**
 * An interpreter of a language of one statement per line, for testing the kernel's core without
 * JShell (as xeus's mock interpreter and almond's echo interpreter): {@code value X} makes X the
 * result, {@code fail NAME} fails with NAME, {@code block} waits until {@link #release()} or an
 * interrupt. A line ending in '{' is incomplete.
 */
final class FakeInterpreter implements Interpreter {
    static final LanguageInfo LANGUAGE = new LanguageInfo("fake", "1.0", "text/x-fake", ".fake", "fake", "text", "Fake 1.0",
            List.of(new LanguageInfo.HelpLink("Fake manual", "https://example.org/fake")));

    /** Every eval's code, in order; any thread may read it. */
    final List<String> evaluated = Collections.synchronizedList(new ArrayList<>());
    final List<Binding> bound = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch blocked = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final Set<String> classpath = new LinkedHashSet<>();
    private volatile Thread running;
    volatile boolean closed;

    @Override
    public EvalResult eval(String code, String cellLabel) {
        evaluated.add(code);
        EvalResult last = new EvalResult.Ok(false, null);
        for (String line : code.strip().split("\n")) {
            String[] words = line.strip().split(" ", 2);
            String arg = words.length > 1 ? words[1] : "";
            switch (words[0]) {
                case "value" -> last = new EvalResult.Ok(true, arg);
                case "fail" -> {
                    return new EvalResult.Failed(CellError.of(arg, "failed in " + cellLabel));
                }
                case "block" -> {
                    if (!block()) {
                        return new EvalResult.Failed(CellError.interrupted());
                    }
                }
                case "" -> {
                }
                default -> {
                    return new EvalResult.Failed(CellError.of("SyntaxError", "unknown statement " + words[0]));
                }
            }
        }
        return last;
    }

    /** False when interrupted. */
    private boolean block() {
        running = Thread.currentThread();
        blocked.countDown();
        try {
            return released.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            return false;
        } finally {
            running = null;
        }
    }

    void release() {
        released.countDown();
    }

    @Override
    public EvalResult bind(Binding binding) {
        bound.add(binding);
        return new EvalResult.Ok(false, null);
    }

    @Override
    public Completion complete(String code, int cursor) {
        int start = cursor;
        while (start > 0 && Character.isLetter(code.charAt(start - 1))) {
            start--;
        }
        String prefix = code.substring(start, cursor);
        List<String> matches = List.of("value", "fail", "block").stream().filter(w -> w.startsWith(prefix)).toList();
        return new Completion(matches, start, cursor);
    }

    @Override
    public Optional<MimeBundle> inspect(String code, int cursor) {
        return code.startsWith("value") ? Optional.of(MimeBundle.text("value X: makes X the result")) : Optional.empty();
    }

    @Override
    public Completeness completeness(String code) {
        return code.stripTrailing().endsWith("{") ? new Completeness.Incomplete("  ") : new Completeness.Complete();
    }

    @Override
    public synchronized boolean addToClasspath(Path entry) {
        return classpath.add(entry.toString());
    }

    @Override
    public synchronized List<String> addedClasspath() {
        return List.copyOf(classpath);
    }

    @Override
    public ClassLoader classLoader() {
        return FakeInterpreter.class.getClassLoader();
    }

    @Override
    public ExecutorSupport executorSupport() {
        return new ExecutorSupport() {
            @Override
            public void exportClassesTo(Path folder) {
            }

            @Override
            public void sessionStarted(SparkEnv env) {
            }
        };
    }

    @Override
    public UnaryOperator<String> codeNames() {
        return UnaryOperator.identity();
    }

    @Override
    public CellError failure(Throwable t) {
        return CellError.of(t.getClass().getName(), String.valueOf(t.getMessage()));
    }

    @Override
    public CellError renderingFailure(Throwable t) {
        return failure(t);
    }

    @Override
    public String lastTrace() {
        return "";
    }

    @Override
    public void interrupt() {
        Thread cell = running;
        if (cell != null) {
            cell.interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
