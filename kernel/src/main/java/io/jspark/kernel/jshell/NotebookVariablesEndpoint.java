package io.jspark.kernel.jshell;

import io.jspark.kernel.jshell.NotebookClassLoader;
import io.jspark.kernel.spark.executor.ExecutorVariables;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkEnv;
import org.apache.spark.rpc.RpcCallContext;
import org.apache.spark.rpc.RpcEnv;
import org.apache.spark.rpc.ThreadSafeRpcEndpoint;
import org.apache.spark.util.RpcUtils;
import scala.PartialFunction;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractPartialFunction;
import scala.runtime.BoxedUnit;

/**
 * The driver's side of {@link ExecutorVariables}: answers an executor's request for a top-level
 * notebook variable with its current value, serialized as Spark serializes closures, as
 * {@code Object[] {bytes, null}} or {@code Object[] {null, error}}. The answer for a stage attempt is
 * kept for the stage's other executors, so that all of them see the same value.
 *
 * <p>Threads: Spark's RPC dispatcher calls it, one message at a time (a thread-safe endpoint); the cell
 * thread may change the variables meanwhile, as it may while Spark serializes a closure.
 */
final class NotebookVariablesEndpoint implements ThreadSafeRpcEndpoint {
    private static final System.Logger LOG = System.getLogger(NotebookVariablesEndpoint.class.getName());
    private static final int CACHED_REPLIES = 64;
    private static final long CACHED_BYTES = 256L * 1024 * 1024;
    /** Room left in an RPC message for everything but the value. */
    private static final int MESSAGE_OVERHEAD = 64 * 1024;
    /** Lines of a serialization failure worth showing: Spark's first ones name the offending field. */
    private static final int CAUSE_LINES = 4;

    private final RpcEnv rpcEnv;
    private final NotebookClassLoader notebook;
    private final int maxMessageBytes;
    /** Replies by stage attempt and variable, least recently used first. */
    private final Map<String, Object[]> replies = new LinkedHashMap<>(16, 0.75f, true);
    private long repliedBytes;

    NotebookVariablesEndpoint(SparkEnv env, NotebookClassLoader notebook) {
        this.rpcEnv = env.rpcEnv();
        this.notebook = notebook;
        this.maxMessageBytes = RpcUtils.maxMessageSizeBytes(env.conf());
    }

    @Override
    public RpcEnv rpcEnv() {
        return rpcEnv;
    }

    @Override
    public PartialFunction<Object, BoxedUnit> receiveAndReply(RpcCallContext context) {
        return new AbstractPartialFunction<>() {
            @Override
            public boolean isDefinedAt(Object message) {
                return message instanceof String request && request.startsWith(ExecutorVariables.REQUEST_PREFIX);
            }

            @Override
            public <A1, B1> B1 applyOrElse(A1 message, scala.Function1<A1, B1> orElse) {
                if (!isDefinedAt(message)) {
                    return orElse.apply(message);
                }
                String[] parts = ((String) message).substring(ExecutorVariables.REQUEST_PREFIX.length()).split(":", 3);
                try {
                    context.reply(answer(parts[2], Integer.parseInt(parts[0]), Integer.parseInt(parts[1])));
                } catch (RuntimeException | Error e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot answer " + message, e);
                    context.reply(failure("the kernel could not send the notebook variable '"
                            + ExecutorVariables.userName(parts[parts.length - 1]) + "': " + e));
                }
                @SuppressWarnings("unchecked")
                B1 unit = (B1) BoxedUnit.UNIT;
                return unit;
            }
        };
    }

    private Object[] answer(String variable, int stageId, int stageAttempt) {
        if (stageId < 0) {
            return read(variable);
        }
        String key = stageId + ":" + stageAttempt + ":" + variable;
        Object[] reply = replies.get(key);
        if (reply == null) {
            reply = read(variable);
            replies.put(key, reply);
            repliedBytes += size(reply);
            Iterator<Object[]> oldest = replies.values().iterator();
            while (replies.size() > 1 && (replies.size() > CACHED_REPLIES || repliedBytes > CACHED_BYTES)) {
                repliedBytes -= size(oldest.next());
                oldest.remove();
            }
        }
        return reply;
    }

    private static long size(Object[] reply) {
        return reply[0] == null ? 0 : ((byte[]) reply[0]).length;
    }

    private static Object[] failure(String error) {
        return new Object[] {null, error};
    }

    private Object[] read(String variable) {
        String name = ExecutorVariables.userName(variable);
        Object value;
        try {
            value = notebook.variableValue(variable);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "an executor asked for " + variable, e);
            return failure("the notebook variable '" + name + "' is not known to the kernel (" + e.getMessage()
                    + "); run the cell that declares it again");
        }
        byte[] bytes;
        try {
            ByteBuffer buffer = SparkEnv.get().closureSerializer().newInstance().serialize(value, ClassTag$.MODULE$.Any());
            bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
        } catch (Exception e) {
            // Spark's serializer throws NotSerializableException, a checked exception Scala does not declare.
            LOG.log(System.Logger.Level.INFO, "cannot serialize " + variable, e);
            return failure("the notebook variable '" + name + "' is read by code running on an executor, but its value ("
                    + value.getClass().getName() + ") cannot be serialized: " + firstLines(String.valueOf(e.getMessage()))
                    + "\nRead only serializable values there, or create the object inside the function that runs on the executor.");
        }
        if (bytes.length > maxMessageBytes - MESSAGE_OVERHEAD) {
            return failure("the notebook variable '" + name + "' is " + bytes.length / (1024 * 1024)
                    + " MB serialized, too large to send with each stage; share it with sc.broadcast(" + name
                    + ") and read the broadcast's value() on executors.");
        }
        return new Object[] {bytes, null};
    }

    private static String firstLines(String text) {
        String[] lines = text.split("\n");
        return String.join("\n", java.util.Arrays.copyOf(lines, Math.min(lines.length, CAUSE_LINES))).strip();
    }
}
