package io.jspark.kernel.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jspark.kernel.protocol.Json;
import io.jspark.kernel.protocol.Message;
import io.jspark.kernel.server.IOPub;
import io.jspark.kernel.session.CellContext;
import io.jspark.kernel.session.CellContexts;
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
        public void publish(Message parent, String msgType, ObjectNode content, ObjectNode metadata) {
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
        CellRequests requests = new CellRequests(contexts);
        contexts.enter(requests.open(cell("c1"), 1, true));
        CellOutputStream out = new CellOutputStream("stdout", new CellOutput(iopub, contexts, requests, Long.MAX_VALUE), contexts, System.out);
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
        CellRequests requests = new CellRequests(contexts);
        PrintStream out = CellOutputStream.printStream("stdout", new CellOutput(iopub, contexts, requests, Long.MAX_VALUE), contexts, System.out);
        Message first = cell("first");
        contexts.enter(requests.open(first, 1, true));
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
        contexts.enter(requests.open(second, 2, true));
        laterCellRunning.countDown();
        child.join();
        out.println("from the cell thread");
        assertEquals(first, iopub.streams.get(0).parent());
        assertEquals("from child\n", iopub.streams.get(0).text());
        assertEquals(second, iopub.streams.get(1).parent());
    }

    @Test
    void stdoutAndStderrOfACellShareItsLimitAndTheNoteComesOnceAtItsEnd() {
        RecordingIOPub iopub = new RecordingIOPub();
        CellContexts contexts = new CellContexts();
        CellRequests requests = new CellRequests(contexts);
        CellOutput output = new CellOutput(iopub, contexts, requests, 12);
        PrintStream out = CellOutputStream.printStream("stdout", output, contexts, System.out);
        PrintStream err = CellOutputStream.printStream("stderr", output, contexts, System.out);
        CellContext cell = requests.open(cell("c1"), 1, true);
        contexts.enter(cell);
        out.print("12345678");
        err.print("€€");
        out.print("more");
        contexts.exit(cell);
        assertEquals("12345678", text(iopub, "stdout"));
        assertEquals(List.of("stdout", "stderr", "stderr"), iopub.streams.stream().map(Sent::name).toList());
        assertEquals("€", iopub.streams.get(1).text(), "a character the limit cuts is left out whole");
        String note = iopub.streams.get(2).text();
        assertEquals(true, note.contains("0.0 MB shown, 0.0 MB of output left out") && note.contains("JSPARK_OUTPUT_LIMIT"), note);
        out.print("after");
        assertEquals(3, iopub.streams.size(), "said once");
    }

    @Test
    void aThreadThatOutlivesItsCellIsCutByTheCellsLimitWithOneNote() throws Exception {
        RecordingIOPub iopub = new RecordingIOPub();
        CellContexts contexts = new CellContexts();
        CellRequests requests = new CellRequests(contexts);
        PrintStream out = CellOutputStream.printStream("stdout", new CellOutput(iopub, contexts, requests, 6), contexts, System.out);
        CellContext first = requests.open(cell("first"), 1, true);
        contexts.enter(first);
        Thread child = new Thread(() -> {
            for (int i = 0; i < 5; i++) {
                out.print("abc");
            }
        });
        contexts.exit(first);
        contexts.enter(requests.open(cell("second"), 2, true));
        child.start();
        child.join();
        assertEquals("abcabc", text(iopub, "stdout"));
        List<String> notes = iopub.streams.stream().filter(s -> s.name().equals("stderr")).map(Sent::text).toList();
        assertEquals(1, notes.size(), notes.toString());
        assertEquals("first", iopub.streams.get(iopub.streams.size() - 1).parent().msgId());
        assertEquals(true, notes.get(0).contains("further output of threads this cell started is left out"), notes.get(0));
    }

    @Test
    void aThreadKeepsWritingUnderItsCellHoweverManyCellsRanSince() throws Exception {
        RecordingIOPub iopub = new RecordingIOPub();
        CellContexts contexts = new CellContexts();
        CellRequests requests = new CellRequests(contexts);
        PrintStream out = CellOutputStream.printStream("stdout", new CellOutput(iopub, contexts, requests, Long.MAX_VALUE),
                contexts, System.out);
        CellContext first = requests.open(cell("first"), 1, true);
        contexts.enter(first);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        Thread child = new Thread(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                return;
            }
            out.println("late");
        });
        child.start();
        contexts.exit(first);
        for (int i = 2; i < 1000; i++) {
            CellContext later = requests.open(cell("c" + i), i, true);
            contexts.enter(later);
            contexts.exit(later);
        }
        go.countDown();
        child.join();
        Sent late = iopub.streams.stream().filter(s -> s.text().contains("late")).findFirst().orElseThrow();
        assertEquals("first", late.parent().msgId());
    }

    private static String text(RecordingIOPub iopub, String name) {
        return iopub.streams.stream().filter(s -> s.name().equals(name)).map(Sent::text).reduce("", String::concat);
    }
}
