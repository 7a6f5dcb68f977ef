package io.jspark.kernel.magic;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The line and cell magics the kernel knows, with one-line help for {@code %lsmagic}. */
public final class Magics {
    private record Entry(Magic magic, String usage) {
    }

    private final Map<String, Entry> lineMagics = new ConcurrentHashMap<>();
    private final Map<String, Entry> cellMagics = new ConcurrentHashMap<>();

    public void registerLine(String name, String usage, Magic magic) {
        lineMagics.put(name, new Entry(magic, usage));
    }

    public void registerCell(String name, String usage, Magic magic) {
        cellMagics.put(name, new Entry(magic, usage));
    }

    public Magic line(String name) {
        Entry e = lineMagics.get(name);
        return e == null ? null : e.magic();
    }

    public Magic cell(String name) {
        Entry e = cellMagics.get(name);
        return e == null ? null : e.magic();
    }

    /** Names of the line magics, or of the cell magics, sorted. */
    public java.util.List<String> names(boolean cellMagics) {
        return new TreeMap<>(cellMagics ? this.cellMagics : lineMagics).keySet().stream().toList();
    }

    /** Usage lines, line magics first, each group sorted by name. */
    public String describe() {
        StringBuilder sb = new StringBuilder("Line magics:\n");
        new TreeMap<>(lineMagics).forEach((name, e) -> sb.append("  %").append(name).append(' ').append(e.usage()).append('\n'));
        sb.append("Cell magics:\n");
        new TreeMap<>(cellMagics).forEach((name, e) -> sb.append("  %%").append(name).append(' ').append(e.usage()).append('\n'));
        return sb.toString();
    }
}
