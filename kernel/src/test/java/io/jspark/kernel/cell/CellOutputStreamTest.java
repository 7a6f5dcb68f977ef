package io.jspark.kernel.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jspark.kernel.protocol.Json;
import io.jspark.kernel.protocol.Message;
import io.jspark.kernel.server.IOPub;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CellOutputStreamTest {
    private record Sent(Message parent, String name, String text) {
    }

    private static final class RecordingIOPub implements IOPub {
        final List<Sent> streams = new ArrayList<>();

        @Override
        public void publish(Message parent, String msgType, ObjectNode content) {
        }

        @Override
        public synchronized void stream(Message parent, String name, String text) {
            streams.add(new Sent(parent, name, text));
        }
    }

    private static Message cell(String id) {
        ObjectNode header = Message.newHeader("s", "execute_request").put("msg_id", id);
        return new Message(List.of(), header, Json.object(), Json.object(), Json.object(), List.of());
    }

    @Test
    void completeUtf8PrefixNeverSplitsACharacter() {
        byte[] euro = "a€".getBytes(StandardCharsets.UTF_8);
        assertEquals(4, CellOutputStream.completeUtf8Prefix(euro));
        assertEquals(1, CellOutputStream.completeUtf8Prefix(java.util.Arrays.copyOf(euro, 3)));
        assertEquals(1, CellOutputStream.completeUtf8Prefix(java.util.Arrays.copyOf(euro, 2)));
        byte[] emoji = "😀".getBytes(StandardCharsets.UTF_8);
        assertEquals(0, CellOutputStream.completeUtf8Prefix(java.util.Arrays.copyOf(emoji, 3)));
        assertEquals(4, CellOutputStream.completeUtf8Prefix(emoji));
    }

    @Test
    void bytesSplitInsideACharacterArriveWhole() {
        RecordingIOPub iopub = new RecordingIOPub();
        CellContexts contexts = new CellContexts();
        contexts.enter(new CellContext(cell("c1"), 1, true));
        CellOutputStream out = new CellOutputStream("stdout", iopub, contexts, System.out);
        byte[] text = "x😀y".getBytes(StandardCharsets.UTF_8);
        for (byte b : text) {
            out.write(b);
        }
        assertEquals("x😀y", iopub.streams.stream().map(Sent::text).reduce("", String::concat));
    }

    @Test
    void threadsStartedByACellKeepWritingToThatCellAfterLaterCellsBegin() throws Exception {
        RecordingIOPub iopub = new RecordingIOPub();
        CellContexts contexts = new CellContexts();
        PrintStream out = CellOutputStream.printStream("stdout", iopub, contexts, System.out);
        Message first = cell("first");
        contexts.enter(new CellContext(first, 1, true));
        java.util.concurrent.CountDownLatch laterCellRunning = new java.util.concurrent.CountDownLatch(1);
        Thread child = new Thread(() -> {
            try {
                laterCellRunning.await();
            } catch (InterruptedException e) {
                return;
            }
            out.println("from child");
        });
        child.start();
        Message second = cell("second");
        contexts.enter(new CellContext(second, 2, true));
        laterCellRunning.countDown();
        child.join();
        out.println("from the cell thread");
        assertEquals(first, iopub.streams.get(0).parent());
        assertEquals("from child\n", iopub.streams.get(0).text());
        assertEquals(second, iopub.streams.get(1).parent());
    }
}
