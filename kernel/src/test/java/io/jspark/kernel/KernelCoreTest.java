package io.jspark.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jspark.display.MimeBundle;
import io.jspark.display.RendererRegistry;
import io.jspark.display.monitor.MonitorDisplay;
import io.jspark.display.monitor.MonitorRenderer;
import io.jspark.display.monitor.DisplaySink;
import io.jspark.kernel.api.CommManager;
import io.jspark.kernel.cell.CellRequests;
import io.jspark.kernel.history.History;
import io.jspark.kernel.interpreter.Binding;
import io.jspark.kernel.interpreter.Interpreter;
import io.jspark.kernel.interpreter.Language;
import io.jspark.kernel.interpreter.LanguageInfo;
import io.jspark.kernel.magic.BuiltinMagics;
import io.jspark.kernel.magic.Magics;
import io.jspark.kernel.magic.MavenResolver;
import io.jspark.kernel.protocol.Json;
import io.jspark.kernel.protocol.Message;
import io.jspark.kernel.server.Channel;
import io.jspark.kernel.server.IOPub;
import io.jspark.kernel.server.Responder;
import io.jspark.kernel.session.CellContexts;
import io.jspark.kernel.session.CellRunner;
import io.jspark.kernel.session.CellThread;
import io.jspark.kernel.spark.SparkRuntime;
import io.jspark.kernel.spark.SparkSettings;
import io.jspark.monitor.MonitorLimits;
import io.jspark.monitor.MonitorModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's message layer, cell runner and magics driven through a fake interpreter, without
 * JShell, Spark or sockets: what a frontend sees on iopub and in replies for each kind of request.
 */
class KernelCoreTest {
    /** A message as iopub or a reply socket saw it. */
    private record Sent(String parent, String type, ObjectNode content) {
        String state() {
            return content.path("execution_state").asText();
        }
    }

    private static final class Recorder implements IOPub, Responder {
        final List<Sent> iopub = Collections.synchronizedList(new ArrayList<>());
        final List<Sent> replies = Collections.synchronizedList(new ArrayList<>());
        final List<Message> queued = new ArrayList<>();

        @Override
        public void publish(Message parent, String msgType, ObjectNode content, ObjectNode metadata) {
            iopub.add(new Sent(parent == null ? null : parent.msgId(), msgType, content));
        }

        @Override
        public void stream(Message parent, String name, String text) {
            publish(parent, "stream", Json.object().put("name", name).put("text", text));
        }

        @Override
        public void reply(Message request, String msgType, ObjectNode content) {
            replies.add(new Sent(request.msgId(), msgType, content));
        }

        @Override
        public List<Message> takeQueued() {
            List<Message> taken = List.copyOf(queued);
            queued.clear();
            return taken;
        }

        List<String> iopubTypes() {
            synchronized (iopub) {
                return iopub.stream().map(s -> s.type().equals("status") ? s.state() : s.type()).toList();
            }
        }

        Sent reply(String type) {
            synchronized (replies) {
                return replies.stream().filter(r -> r.type().equals(type)).reduce((a, b) -> b).orElseThrow();
            }
        }
    }

    private final FakeInterpreter interpreter = new FakeInterpreter();
    private final Recorder recorder = new Recorder();
    private final CellThread cells = new CellThread();
    private final List<MimeBundle> displayed = Collections.synchronizedList(new ArrayList<>());
    private final List<String> interrupts = Collections.synchronizedList(new ArrayList<>());
    private final RequestDispatcher dispatcher;
    private int sent;

    KernelCoreTest() {
        CellContexts contexts = new CellContexts();
        Magics magics = new Magics();
        BuiltinMagics.registerAll(magics, new MavenResolver(Path.of("unused")));
        MonitorModel model = new MonitorModel(MonitorLimits.defaults());
        DisplaySink noSink = new DisplaySink() {
            @Override
            public void show(String cellId, String displayId, MimeBundle bundle) {
            }

            @Override
            public void update(String cellId, String displayId, MimeBundle bundle) {
            }
        };
        MonitorDisplay monitor = new MonitorDisplay(model, new MonitorRenderer(), noSink);
        SparkRuntime spark = new SparkRuntime(SparkSettings.fromEnvironment(Map.of()), model, interpreter);
        cells.start(() -> new CellRunner(interpreter, fakeLanguage(), magics, spark, monitor, java.util.Optional.empty(), displayed::add));
        History history = new History(null);
        ExecuteRequests execute = new ExecuteRequests(recorder, cells, contexts, new CellRequests(contexts),
                RendererRegistry.withDefaults(), history);
        RequestDispatcher.KernelControl control = new RequestDispatcher.KernelControl() {
            @Override
            public LanguageInfo language() {
                return FakeInterpreter.LANGUAGE;
            }

            @Override
            public void interrupt() {
                interrupts.add("interrupt");
                cells.interrupt();
            }

            @Override
            public void shutdown(boolean restart) {
            }
        };
        dispatcher = new RequestDispatcher(recorder, execute, new IntrospectionRequests(cells, magics),
                new CommRequests(recorder, new CommManager((type, content, metadata) -> { }), new ThreadLocal<>()),
                new HistoryRequests(history), control);
    }

    /** A language whose cells never use Spark, so that no test here starts it. */
    private Language fakeLanguage() {
        return new Language() {
            @Override
            public LanguageInfo info() {
                return FakeInterpreter.LANGUAGE;
            }

            @Override
            public Interpreter start(List<String> compilerOptions) {
                return interpreter;
            }

            @Override
            public boolean usesSpark(String code) {
                return false;
            }

            @Override
            public List<Binding> sparkVariables(SparkSession session) {
                return List.of();
            }
        };
    }

    @AfterEach
    void stopCellThread() throws InterruptedException {
        interpreter.release();
        cells.stop();
    }

    private Message request(String type, ObjectNode content) {
        ObjectNode header = Message.newHeader("test", type).put("msg_id", type + "-" + (++sent));
        return new Message(List.of(), header, Json.object(), Json.object(), content, List.of());
    }

    private Message cell(String code) {
        return request("execute_request", Json.object().put("code", code));
    }

    private void handle(Message request) {
        dispatcher.handle(Channel.SHELL, request, recorder);
    }

    @Test
    void aCellsValueIsItsResultBetweenBusyAndIdle() {
        Message cell = cell("value 41\nvalue 42");
        handle(cell);
        assertEquals(List.of("busy", "execute_input", "execute_result", "idle"), recorder.iopubTypes());
        Sent result = recorder.iopub.get(2);
        assertEquals("42", result.content().path("data").path("text/plain").asText());
        assertEquals(1, result.content().path("execution_count").asInt());
        assertTrue(recorder.iopub.stream().allMatch(s -> cell.msgId().equals(s.parent())), "all under the cell's request");
        Sent reply = recorder.reply("execute_reply");
        assertEquals("ok", reply.content().path("status").asText());
        assertEquals(1, reply.content().path("execution_count").asInt());
        assertEquals(List.of("value 41\nvalue 42\n"), interpreter.evaluated);
    }

    @Test
    void aFailedCellAbortsTheCellsQueuedBehindItButAnswersOtherRequests() {
        Message failing = cell("fail Boom");
        Message queuedCell = cell("value 1");
        Message queuedInfo = request("kernel_info_request", Json.object());
        recorder.queued.addAll(List.of(queuedCell, queuedInfo));
        handle(failing);
        assertEquals(List.of("execute_reply", "execute_reply", "kernel_info_reply"),
                recorder.replies.stream().map(Sent::type).toList());
        assertEquals("error", recorder.replies.get(0).content().path("status").asText());
        assertEquals("Boom", recorder.replies.get(0).content().path("ename").asText());
        assertEquals("aborted", recorder.replies.get(1).content().path("status").asText());
        assertEquals(List.of("fail Boom\n"), interpreter.evaluated, "the queued cell never ran");
        Sent last = recorder.iopub.get(recorder.iopub.size() - 1);
        assertEquals(failing.msgId(), last.parent(), "the failed cell's idle comes after the aborts");
        assertEquals("idle", last.state());
    }

    @Test
    void withoutStopOnErrorTheCellsQueuedBehindAFailedOneRun() {
        Message queued = cell("value 1");
        recorder.queued.add(queued);
        handle(request("execute_request", Json.object().put("code", "fail Boom").put("stop_on_error", false)));
        assertEquals(List.of(queued), recorder.queued, "nothing taken off the socket to abort");
        handle(recorder.takeQueued().get(0));
        assertEquals("ok", recorder.reply("execute_reply").content().path("status").asText());
        assertEquals(List.of("fail Boom\n", "value 1\n"), interpreter.evaluated);
    }

    @Test
    void stoppingTheCellThreadClosesTheInterpreter() throws InterruptedException {
        handle(cell("value 1"));
        assertTrue(cells.stop(), "an idle cell thread ends at once");
        cells.closeSession();
        assertTrue(interpreter.closed);
    }

    @Test
    void aCellsPartsRunInOrderAndStopAtTheFirstFailure() {
        handle(cell("value 1\n%nosuchmagic\nvalue 2"));
        Sent reply = recorder.reply("execute_reply");
        assertEquals("UsageError", reply.content().path("ename").asText());
        assertTrue(reply.content().path("evalue").asText().contains("%nosuchmagic is not a magic"), reply.toString());
        assertEquals(List.of("value 1\n"), interpreter.evaluated);
    }

    @Test
    void magicsWorkThroughTheInterpreter(@TempDir Path dir) throws Exception {
        Path jar = Files.write(dir.resolve("lib.jar"), new byte[0]);
        handle(cell("%jars " + jar + "\nvalue done"));
        assertEquals(List.of(jar.toString()), interpreter.addedClasspath());
        assertEquals("done", lastResult());
        handle(cell("%time value 7"));
        assertEquals("ok", recorder.reply("execute_reply").content().path("status").asText());
        assertEquals("7", lastResult(), "a cell magic runs code as part of the cell");
        assertEquals("value 7", interpreter.evaluated.get(interpreter.evaluated.size() - 1).strip());
    }

    @Test
    void kernelInfoAndIntrospectionComeFromTheInterpreter() {
        handle(request("kernel_info_request", Json.object()));
        ObjectNode info = recorder.reply("kernel_info_reply").content();
        assertEquals("fake", info.path("language_info").path("name").asText());
        assertTrue(info.path("banner").asText().startsWith("Fake 1.0"), info.toString());
        assertEquals("https://example.org/fake", info.path("help_links").path(0).path("url").asText());

        handle(request("complete_request", Json.object().put("code", "x\nva").put("cursor_pos", 4)));
        ObjectNode completion = recorder.reply("complete_reply").content();
        assertEquals("[\"value\"]", completion.path("matches").toString());
        assertEquals(2, completion.path("cursor_start").asInt());
        assertEquals(4, completion.path("cursor_end").asInt());

        handle(request("inspect_request", Json.object().put("code", "value").put("cursor_pos", 2)));
        ObjectNode inspection = recorder.reply("inspect_reply").content();
        assertTrue(inspection.path("found").asBoolean());
        assertEquals("value X: makes X the result", inspection.path("data").path("text/plain").asText());

        handle(request("is_complete_request", Json.object().put("code", "value {")));
        ObjectNode incomplete = recorder.reply("is_complete_reply").content();
        assertEquals("incomplete", incomplete.path("status").asText());
        assertEquals("  ", incomplete.path("indent").asText());
    }

    @Test
    void unknownRequestsGetAnErrorReplyAndOtherUnknownMessagesNone() {
        handle(request("frobnicate_request", Json.object()));
        assertEquals("UnknownMessageType", recorder.reply("frobnicate_reply").content().path("ename").asText());
        handle(request("frobnicate", Json.object()));
        assertEquals(1, recorder.replies.size());
        assertEquals(List.of("busy", "idle", "busy", "idle"), recorder.iopubTypes());
    }

    @Test
    void aRequestAnsweredWhileACellRunsIsFollowedByTheCellsBusyAndAnInterruptStopsIt() throws Exception {
        Message running = cell("block");
        CompletableFuture<Void> cell = CompletableFuture.runAsync(() -> handle(running));
        assertTrue(interpreter.blocked.await(10, TimeUnit.SECONDS), "the cell runs");
        Message info = request("kernel_info_request", Json.object());
        handle(info);
        List<Sent> seen = List.copyOf(recorder.iopub);
        Sent last = seen.get(seen.size() - 1);
        assertEquals("busy", last.state(), "the cell is still busy: " + seen);
        assertEquals(running.msgId(), last.parent());

        dispatcher.handle(Channel.CONTROL, request("interrupt_request", Json.object()), recorder);
        cell.get(10, TimeUnit.SECONDS);
        assertEquals(List.of("interrupt"), interrupts);
        Sent reply = recorder.reply("execute_reply");
        assertEquals("error", reply.content().path("status").asText());
        assertEquals(interruptedName(), reply.content().path("ename").asText());
        List<Sent> all = List.copyOf(recorder.iopub);
        assertEquals("idle", all.get(all.size() - 1).state(), "the kernel ends idle: " + all);
        assertTrue(all.stream().anyMatch(s -> s.parent().equals(running.msgId()) && s.state().equals("idle")));
    }

    private String lastResult() {
        synchronized (recorder.iopub) {
            return recorder.iopub.stream().filter(s -> s.type().equals("execute_result")).reduce((a, b) -> b).orElseThrow()
                    .content().path("data").path("text/plain").asText();
        }
    }

    private static String interruptedName() {
        return io.jspark.kernel.interpreter.CellError.interrupted().ename();
    }
}
