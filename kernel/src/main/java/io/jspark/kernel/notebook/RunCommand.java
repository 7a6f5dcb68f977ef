package io.jspark.kernel.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code jspark run NOTEBOOK [-o OUT] [--keep-going] [--timeout SECONDS] [-p NAME VALUE]... [--java|--scala]}:
 * the command line of a notebook run. The language is the notebook's kernelspec's unless given.
 */
public final class RunCommand {
    public static final String USAGE = "usage: jspark run NOTEBOOK.ipynb [-o OUT.ipynb] [--keep-going] [--timeout SECONDS]"
            + " [-p NAME VALUE]... [--java|--scala]";

    /** What a run needs to start its kernel: the language's name ("java" or "scala"). */
    public interface Kernels {
        NotebookRun.KernelStarter starter(String language);
    }

    private RunCommand() {
    }

    /** Runs the command; returns the exit status (2 for a usage error or a notebook that cannot be read). */
    public static int run(List<String> args, Kernels kernels, PrintStream err) throws Exception {
        Path input = null;
        Path output = null;
        boolean keepGoing = false;
        Duration timeout = null;
        String language = null;
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            boolean hasValue = i + 1 < args.size();
            switch (arg) {
                case "-o", "--output" -> {
                    if (!hasValue) {
                        return usage(err, arg + " needs a file");
                    }
                    output = Path.of(args.get(++i));
                }
                case "-h", "--help" -> {
                    err.println(USAGE);
                    return 0;
                }
                case "--keep-going" -> keepGoing = true;
                case "--timeout" -> {
                    try {
                        double seconds = Double.parseDouble(args.get(++i));
                        // As nbclient: none for 0 or less.
                        timeout = seconds > 0 ? Duration.ofMillis((long) (seconds * 1000)) : null;
                    } catch (NumberFormatException | IndexOutOfBoundsException e) {
                        return usage(err, "--timeout needs a number of seconds");
                    }
                }
                case "-p", "--parameter" -> {
                    if (i + 2 >= args.size()) {
                        return usage(err, arg + " needs a name and a value");
                    }
                    parameters.put(args.get(i + 1), args.get(i + 2));
                    i += 2;
                }
                case "--java" -> language = "java";
                case "--scala" -> language = "scala";
                default -> {
                    if (arg.startsWith("-") || input != null) {
                        return usage(err, "unknown argument " + arg);
                    }
                    input = Path.of(arg);
                }
            }
        }
        if (input == null) {
            return usage(err, "which notebook?");
        }
        ObjectNode nb;
        try {
            nb = NotebookFile.read(input);
        } catch (IOException e) {
            err.println("jspark run: cannot read " + input + ": " + e.getMessage());
            return 2;
        }
        if (language == null) {
            language = languageOf(nb);
        }
        if (output != null && output.toAbsolutePath().getParent() != null) {
            Files.createDirectories(output.toAbsolutePath().getParent());
        }
        NotebookParameters.inject(nb, parameters, language.equals("scala"));
        NotebookRun.NotebookRunOptions options = new NotebookRun.NotebookRunOptions(input, output == null ? input : output,
                keepGoing, timeout);
        err.printf("running %s in %s%n", input, language.equals("scala") ? "Scala" : "Java");
        return new NotebookRun(options, err).run(nb, kernels.starter(language));
    }

    /** The notebook's language: its kernelspec's, else its language_info's, else Java. */
    static String languageOf(ObjectNode nb) {
        JsonNode metadata = nb.path("metadata");
        String named = metadata.path("kernelspec").path("language").asText(metadata.path("language_info").path("name").asText(""));
        return named.equalsIgnoreCase("scala") || metadata.path("kernelspec").path("name").asText("").contains("scala") ? "scala" : "java";
    }

    private static int usage(PrintStream err, String problem) {
        err.println("jspark run: " + problem);
        err.println(USAGE);
        return 2;
    }
}
