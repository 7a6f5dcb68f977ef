package io.jspark.kernel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Routes the kernel's System.Logger output (backed by java.util.logging) to the kernel's original
 * stderr, which the Jupyter server keeps, and optionally to a file.
 */
final class KernelLog {
    private KernelLog() {
    }

    static void configure(PrintStream originalErr, Path file, System.Logger.Level level) {
        Level julLevel = toJul(level);
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        root.setLevel(julLevel);
        Formatter formatter = new OneLineFormatter();
        StreamHandler console = new StreamHandler(originalErr, formatter) {
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                flush();
            }
        };
        console.setLevel(julLevel);
        root.addHandler(console);
        if (file != null) {
            try {
                FileHandler fileHandler = new FileHandler(file.toString(), true);
                fileHandler.setFormatter(formatter);
                fileHandler.setLevel(julLevel);
                root.addHandler(fileHandler);
            } catch (IOException e) {
                originalErr.println("[jspark] cannot write the log file " + file + ": " + e.getMessage());
            }
        }
    }

    private static Level toJul(System.Logger.Level level) {
        return switch (level) {
            case ALL, TRACE -> Level.FINEST;
            case DEBUG -> Level.FINE;
            case INFO -> Level.INFO;
            case WARNING -> Level.WARNING;
            case ERROR -> Level.SEVERE;
            case OFF -> Level.OFF;
        };
    }

    private static final class OneLineFormatter extends Formatter {
        @Override
        public String format(LogRecord r) {
            StringBuilder sb = new StringBuilder()
                    .append('[').append(LocalTime.now()).append(' ').append(r.getLevel()).append(' ')
                    .append(r.getLoggerName()).append("] ").append(formatMessage(r)).append('\n');
            if (r.getThrown() != null) {
                java.io.StringWriter trace = new java.io.StringWriter();
                r.getThrown().printStackTrace(new java.io.PrintWriter(trace));
                sb.append(trace);
            }
            return sb.toString();
        }
    }
}
