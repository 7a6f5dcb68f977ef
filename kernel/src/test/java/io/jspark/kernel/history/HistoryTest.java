package io.jspark.kernel.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {
    @TempDir
    Path dir;

    @Test
    void tailRangeAndSearchWithinASession() {
        History h = new History(null);
        h.record(1, "int a = 1;", "");
        h.record(2, "a + 1", "2");
        h.record(3, "a + 2", "3");
        h.record(4, "a + 1", "2");
        assertEquals(List.of("a + 2", "a + 1"), h.tail(2).stream().map(HistoryEntry::input).toList());
        assertEquals(List.of(2, 3), h.range(0, 2, 4).stream().map(HistoryEntry::line).toList());
        assertEquals(List.of(2, 3, 4), h.range(h.session(), 2, 0).stream().map(HistoryEntry::line).toList());
        assertEquals(List.of(2, 3, 4), h.search("a + *", 0, false).stream().map(HistoryEntry::line).toList());
        assertEquals(List.of(3, 4), h.search("a + ?", 0, true).stream().map(HistoryEntry::line).toList());
        assertEquals(List.of(4), h.search("a + ?", 1, false).stream().map(HistoryEntry::line).toList());
        assertEquals(List.of(), h.search("b*", 0, false));
    }

    @Test
    void persistsAcrossKernelSessions() {
        Path file = dir.resolve("sub/history.jsonl");
        History first = new History(file);
        assertEquals(1, first.session());
        first.record(1, "int x = 1;", "");
        first.record(2, "x", "1");
        History second = new History(file);
        assertEquals(2, second.session());
        second.record(1, "x + 1", "2");
        assertEquals(List.of("int x = 1;", "x", "x + 1"), second.tail(10).stream().map(HistoryEntry::input).toList());
        assertEquals(List.of("int x = 1;", "x"), second.range(-1, 1, 0).stream().map(HistoryEntry::input).toList());
        assertEquals("1", second.range(1, 2, 3).get(0).output());
    }

    @Test
    void theFileAndTheFoldersItCreatesAreReadableByTheUserAlone() throws Exception {
        Path file = dir.resolve("new/jspark/history.jsonl");
        new History(file).record(1, "String secret = \"s3cret\";", "");
        assertEquals("rw-------", permissions(file));
        assertEquals("rwx------", permissions(file.getParent()));
        assertEquals("rwx------", permissions(file.getParent().getParent()));
    }

    @Test
    void aFileReadableByOthersIsMadePrivateAndItsFolderKeepsItsRights() throws Exception {
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path file = Files.writeString(shared.resolve("history.jsonl"), "");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        new History(file).record(1, "1", "1");
        assertEquals("rw-------", permissions(file));
        assertEquals("rwxr-xr-x", permissions(shared));
    }

    @Test
    void aCompactedFileStaysPrivate() throws Exception {
        Path file = dir.resolve("history.jsonl");
        History first = new History(file);
        for (int i = 0; i <= 2 * History.MAX_ENTRIES; i++) {
            first.record(i, "x", "");
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        new History(file);
        assertEquals(History.MAX_ENTRIES, Files.readAllLines(file).size(), "compacted");
        assertEquals("rw-------", permissions(file));
    }

    private static String permissions(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void globsMatchTheWholeInput() {
        assertEquals(true, History.globToPattern("6 * 7*").matcher("6 * 7").matches());
        assertEquals(false, History.globToPattern("6 * 7").matcher("6 * 77").matches());
        assertEquals(true, History.globToPattern("a?c").matcher("abc").matches());
        assertEquals(true, History.globToPattern("(x)[0]").matcher("(x)[0]").matches());
    }
}
