package io.jspark.kernel.history;

import com.fasterxml.jackson.databind.JsonNode;
import io.jspark.kernel.protocol.Json;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Input history across kernel sessions, kept in a JSON-lines file (one object per executed cell) so
 * that history requests reach back past a restart. Only the newest {@value #MAX_ENTRIES} entries are
 * held in memory. Used from the shell thread.
 */
public final class History {
    private static final System.Logger LOG = System.getLogger(History.class.getName());
    static final int MAX_ENTRIES = 10_000;
    /** Results are kept as their first chars only: history is for finding code again. */
    static final int MAX_OUTPUT = 2_000;

    private final Path file;
    private final Deque<HistoryEntry> entries = new ArrayDeque<>();
    private final int session;
    /** Whether the file has been checked to be readable by its owner alone; it holds code and outputs. */
    private boolean madePrivate;

    /** {@code file} may be null: history then lives only as long as the kernel. */
    public History(Path file) {
        this.file = file;
        int lastSession = 0;
        if (file != null && Files.isReadable(file)) {
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (String line : lines) {
                    HistoryEntry e = parse(line);
                    if (e != null) {
                        keep(e);
                        lastSession = Math.max(lastSession, e.session());
                    }
                }
                if (lines.size() > 2 * MAX_ENTRIES) {
                    compact();
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "could not read the history file " + file, e);
            }
        }
        this.session = lastSession + 1;
    }

    public int session() {
        return session;
    }

    /** Rewrites the file with the entries kept in memory, so that it stops growing. */
    private void compact() throws IOException {
        Path rewritten = file.resolveSibling(file.getFileName() + ".tmp");
        PrivateFiles.ensure(rewritten);
        try (Writer w = Files.newBufferedWriter(rewritten, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING)) {
            for (HistoryEntry e : entries) {
                w.write(line(e));
            }
        }
        Files.move(rewritten, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    public synchronized void record(int line, String input, String output) {
        String kept = output == null ? "" : io.jspark.display.Text.truncate(output, MAX_OUTPUT);
        HistoryEntry entry = new HistoryEntry(session, line, input, kept);
        keep(entry);
        if (file != null) {
            append(entry);
        }
    }

    private void keep(HistoryEntry entry) {
        entries.addLast(entry);
        if (entries.size() > MAX_ENTRIES) {
            entries.removeFirst();
        }
    }

    private void append(HistoryEntry entry) {
        try {
            if (!madePrivate) {
                PrivateFiles.ensure(file);
                madePrivate = true;
            }
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                w.write(line(entry));
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not append to the history file " + file, e);
        }
    }

    private static String line(HistoryEntry e) throws IOException {
        return Json.MAPPER.writeValueAsString(Map.of("session", e.session(), "line", e.line(),
                "input", e.input(), "output", e.output() == null ? "" : e.output())) + "\n";
    }

    private static HistoryEntry parse(String line) {
        try {
            JsonNode n = Json.MAPPER.readTree(line);
            return new HistoryEntry(n.path("session").asInt(), n.path("line").asInt(),
                    n.path("input").asText(), n.path("output").asText());
        } catch (IOException e) {
            return null;
        }
    }

    /** The last {@code n} entries, oldest first. */
    public synchronized List<HistoryEntry> tail(int n) {
        List<HistoryEntry> all = new ArrayList<>(entries);
        return List.copyOf(all.subList(Math.max(0, all.size() - n), all.size()));
    }

    /**
     * Lines {@code start <= line < stop} of a session; a session of 0 or less counts back from the
     * current one, a stop of 0 or less means to the end.
     */
    public synchronized List<HistoryEntry> range(int sessionNumber, int start, int stop) {
        int wanted = sessionNumber <= 0 ? session + sessionNumber : sessionNumber;
        List<HistoryEntry> result = new ArrayList<>();
        for (HistoryEntry e : entries) {
            if (e.session() == wanted && e.line() >= start && (stop <= 0 || e.line() < stop)) {
                result.add(e);
            }
        }
        return result;
    }

    /** Entries whose input matches a glob ({@code *}, {@code ?}), newest {@code n} (all if n <= 0), oldest first. */
    public synchronized List<HistoryEntry> search(String glob, int n, boolean unique) {
        Pattern pattern = globToPattern(glob);
        List<HistoryEntry> matches = new ArrayList<>();
        for (HistoryEntry e : entries) {
            if (pattern.matcher(e.input()).matches()) {
                matches.add(e);
            }
        }
        if (unique) {
            Map<String, HistoryEntry> newest = new LinkedHashMap<>();
            for (HistoryEntry e : matches) {
                newest.remove(e.input());
                newest.put(e.input(), e);
            }
            matches = new ArrayList<>(newest.values());
        }
        if (n > 0 && matches.size() > n) {
            matches = matches.subList(matches.size() - n, matches.size());
        }
        return List.copyOf(matches);
    }

    static Pattern globToPattern(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
