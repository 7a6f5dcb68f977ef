package io.jspark.kernel.interpreter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MessageExcerptTest {
    @Test
    void aShortMessageIsKeptWhole() {
        MessageExcerpt e = MessageExcerpt.of("[CANNOT_UP_CAST_DATATYPE] Cannot up cast id.\n"
                + "The type path of the target object is:\n- root class: \"java.lang.Long\"\n"
                + "You can either add an explicit cast to the input data\n\n");
        assertEquals(4, e.lines().size(), e.lines().toString());
        assertEquals("[CANNOT_UP_CAST_DATATYPE] Cannot up cast id.", e.first());
        assertEquals("You can either add an explicit cast to the input data", e.lines().get(3));
        assertFalse(e.cut());
    }

    @Test
    void aLongMessageStopsAtTenLines() {
        String message = IntStream.rangeClosed(1, 30).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));
        MessageExcerpt e = MessageExcerpt.of(message);
        assertEquals(MessageExcerpt.MAX_LINES, e.lines().size());
        assertEquals("line 10", e.lines().get(9));
        assertTrue(e.cut());
    }

    @Test
    void aWideMessageStopsAtAThousandChars() {
        MessageExcerpt e = MessageExcerpt.of("first\n" + "x".repeat(5000) + "\nlast");
        assertEquals(2, e.lines().size());
        assertTrue(String.join("\n", e.lines()).length() <= MessageExcerpt.MAX_CHARS, "bounded");
        assertTrue(e.cut());
    }

    @Test
    void theCutNeverSplitsASurrogatePair() {
        String emoji = "\uD83D\uDE00";
        for (int shift = 0; shift < 2; shift++) {
            String line = "y".repeat(shift) + emoji.repeat(MessageExcerpt.MAX_CHARS);
            String kept = MessageExcerpt.of(line).first();
            assertFalse(Character.isHighSurrogate(kept.charAt(kept.length() - 1)), "ends on a lone high surrogate");
            assertEquals(kept.length(), kept.codePoints().mapToObj(Character::toString).collect(Collectors.joining()).length());
        }
    }

    @Test
    void aStackTraceInsideTheMessageIsLeftToTrace() {
        MessageExcerpt e = MessageExcerpt.of("Job aborted due to stage failure: boom\n"
                + "\tat REPL.$JShell$12.lambda$do_it$0($JShell$12.java:5)\n"
                + "\tat org.apache.spark.rdd.RDD.iterator(RDD.scala:1)\n\nDriver stacktrace:");
        assertEquals(List.of("Job aborted due to stage failure: boom"), e.lines());
        assertTrue(e.cut());
    }
}
