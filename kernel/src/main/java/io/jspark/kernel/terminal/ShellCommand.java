package io.jspark.kernel.terminal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jspark.kernel.KernelConfig;
import io.jspark.kernel.client.InProcessKernel;
import io.jspark.kernel.client.KernelClient;
import io.jspark.kernel.history.PrivateFiles;
import io.jspark.kernel.interpreter.Language;
import io.jspark.kernel.protocol.Json;
import io.jspark.kernel.protocol.Message;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * {@code jspark shell [--java|--scala]}: statements typed in a terminal run on a kernel of this JVM,
 * as cells of a notebook do, with JLine's line editing, history and completion; Ctrl-C stops the
 * running statement (and its Spark jobs) or, at the prompt, clears the line; Ctrl-D exits, stopping Spark.
 * The shell's thread reads input and owns the client's shell socket; SIGINT arrives on a JVM thread.
 */
public final class ShellCommand {
    public static final String USAGE = "usage: jspark shell [--java|--scala]";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    private ShellCommand() {
    }

    public static int run(List<String> args, KernelConfig config, Function<String, Language> languages) throws Exception {
        String language = "java";
        for (String arg : args) {
            switch (arg) {
                case "--java" -> language = "java";
                case "--scala" -> language = "scala";
                case "-h", "--help" -> {
                    System.err.println(USAGE);
                    return 0;
                }
                default -> {
                    System.err.println("jspark shell: unknown argument " + arg);
                    System.err.println(USAGE);
                    return 2;
                }
            }
        }
        try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build()) {
            boolean live = StatementOutput.canRedraw(terminal);
            terminal.writer().println("Spark shell (" + (language.equals("scala") ? "Scala" : "Java")
                    + "): spark and sc start on first use. Tab completes, Ctrl-C stops a statement, Ctrl-D exits, %lsmagic lists magics.");
            terminal.writer().flush();
            AtomicBoolean running = new AtomicBoolean();
            InProcessKernel kernel;
            try {
                kernel = InProcessKernel.start(config, languages.apply(language), START_TIMEOUT);
            } catch (TimeoutException e) {
                terminal.writer().println("jspark shell: the kernel did not start: " + e.getMessage());
                return 1;
            }
            try (kernel) {
                KernelClient client = kernel.client();
                terminal.handle(Terminal.Signal.INT, signal -> {
                    if (running.get()) {
                        client.interrupt();
                    }
                });
                LineReader reader = reader(terminal, client, config, language);
                // Input a statement asks for is a plain line: no completeness check or completion, which
                // would queue behind the very statement that waits for it.
                LineReader input = LineReaderBuilder.builder().terminal(terminal).appName("jspark-input")
                        .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true).build();
                AtomicReference<StatementOutput> statement = new AtomicReference<>();
                client.onUnclaimed(message -> late(message, statement.get(), reader));
                loop(terminal, reader, input, client, statement, running, live);
                terminal.writer().println();
                terminal.writer().println("stopping Spark and the kernel");
                terminal.writer().flush();
            }
        }
        return 0;
    }

    private static LineReader reader(Terminal terminal, KernelClient client, KernelConfig config, String language) {
        LineReaderBuilder builder = LineReaderBuilder.builder().terminal(terminal).appName("jspark")
                .parser(new ShellLineParser(client)).completer(new ShellCompleter(client))
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "%P  | ")
                .variable(LineReader.HISTORY_SIZE, 10_000)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.INSERT_TAB, true);
        Path history = historyFile(config, language);
        if (history != null) {
            builder.variable(LineReader.HISTORY_FILE, history);
        }
        return builder.build();
    }

    /** Beside the kernel's history, one per language; none when the kernel keeps none (JSPARK_HISTORY_FILE=none). */
    private static Path historyFile(KernelConfig config, String language) {
        if (config.historyFile() == null) {
            return null;
        }
        Path file = config.historyFile().toAbsolutePath().resolveSibling("shell-history-" + language);
        try {
            PrivateFiles.ensure(file);
        } catch (IOException e) {
            return null;
        }
        return file;
    }

    /**
     * Output of a thread that outlived its statement (its request is answered): under the running
     * statement's output, or above the prompt. Runs on the client's iopub thread.
     */
    private static void late(Message message, StatementOutput running, LineReader reader) {
        String type = message.msgType();
        if (!type.equals("stream") && !type.equals("error")) {
            return;
        }
        if (running != null) {
            running.accept(message);
            return;
        }
        String text;
        if (type.equals("stream")) {
            text = message.content().path("text").asText();
        } else {
            List<String> lines = new java.util.ArrayList<>();
            message.content().path("traceback").forEach(line -> lines.add(line.asText()));
            text = String.join("\n", lines);
        }
        if (!text.isEmpty()) {
            reader.printAbove(text);
        }
    }

    private static void loop(Terminal terminal, LineReader reader, LineReader input, KernelClient client,
            AtomicReference<StatementOutput> statement, AtomicBoolean running, boolean live) {
        String prompt = "jspark> ";
        while (true) {
            String code;
            try {
                code = reader.readLine(prompt);
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                return;
            }
            if (code.isBlank()) {
                continue;
            }
            StatementOutput output = new StatementOutput(terminal, live);
            statement.set(output);
            ObjectNode request = Json.object().put("code", code).put("silent", false).put("store_history", true)
                    .put("allow_stdin", true).put("stop_on_error", false);
            request.putObject("user_expressions");
            running.set(true);
            try {
                client.execute(request, output, (inputPrompt, password) -> readInput(input, client, inputPrompt, password), null);
            } catch (TimeoutException e) {
                // Without a timeout there is none.
            } finally {
                running.set(false);
                statement.set(null);
                output.finish();
            }
        }
    }

    /** A line asked for by the statement (readLine in a cell); null when input ends; Ctrl-C stops the statement. */
    private static String readInput(LineReader input, KernelClient client, String prompt, boolean password) {
        try {
            return password ? input.readLine(prompt, '*') : input.readLine(prompt);
        } catch (UserInterruptException e) {
            client.interrupt();
            return null;
        } catch (EndOfFileException e) {
            return null;
        }
    }
}
