package io.jspark.kernel.spark;

import io.jspark.kernel.eval.NotebookClassLoader;
import io.jspark.kernel.spark.executor.ExecutorVariables;
import io.jspark.kernel.spark.executor.VariableReply;
import io.jspark.kernel.spark.executor.VariableRequest;
import java.nio.ByteBuffer;
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
 * notebook variable with its current value, serialized as Spark serializes closures. The answer for a
 * stage attempt is kept for the stage's other executors, so that all of them see the same value.
 *
 * <p>Threads: Spark's RPC dispatcher calls it, one message at a time (a thread-safe endpoint); the cell
 * thread may change the variables meanwhile, as it may while Spark serializes a closure.
 */
final class NotebookVariablesEndpoint implements ThreadSafeRpcEndpoint {
    private static final System.Logger LOG = System.getLogger(NotebookVariablesEndpoint.class.getName());
    private static final int CACHED_REPLIES = 64;
    /** Room left in an RPC message for everything but the value. */
    private static final int MESSAGE_OVERHEAD = 64 * 1024;

    private final RpcEnv rpcEnv;
    private final NotebookClassLoader notebook;
    private final int maxMessageBytes;
    private final Map<String, VariableReply> replies = new LinkedHashMap<>(16, 0.75f, true);

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
                return message instanceof VariableRequest;
            }

            @Override
            public <A1, B1> B1 applyOrElse(A1 message, scala.Function1<A1, B1> orElse) {
                if (!(message instanceof VariableRequest request)) {
                    return orElse.apply(message);
                }
                try {
                    context.reply(answer(request));
                } catch (RuntimeException | Error e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot answer " + request, e);
                    context.reply(VariableReply.failure("the kernel could not send the notebook variable '"
                            + ExecutorVariables.userName(request.variable()) + "': " + e));
                }
                @SuppressWarnings("unchecked")
                B1 unit = (B1) BoxedUnit.UNIT;
                return unit;
            }
        };
    }

    private synchronized VariableReply answer(VariableRequest request) {
        if (request.stageId() < 0) {
            return read(request.variable());
        }
        String key = request.stageId() + "." + request.stageAttempt() + "/" + request.variable();
        VariableReply reply = replies.get(key);
        if (reply == null) {
            reply = read(request.variable());
            replies.put(key, reply);
            if (replies.size() > CACHED_REPLIES) {
                replies.remove(replies.keySet().iterator().next());
            }
        }
        return reply;
    }

    private VariableReply read(String variable) {
        String name = ExecutorVariables.userName(variable);
        Object value;
        try {
            value = notebook.variableValue(variable);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "an executor asked for " + variable, e);
            return VariableReply.failure("the notebook variable '" + name + "' is not known to the kernel (" + e.getMessage()
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
            return VariableReply.failure("the notebook variable '" + name + "' is read by code running on an executor, but its value ("
                    + value.getClass().getName() + ") is not serializable. Read only serializable values there, "
                    + "or create the object inside the function that runs on the executor.");
        }
        if (bytes.length > maxMessageBytes - MESSAGE_OVERHEAD) {
            return VariableReply.failure("the notebook variable '" + name + "' is " + bytes.length / (1024 * 1024)
                    + " MB serialized, too large to send with each stage; share it with sc.broadcast(" + name
                    + ") and read the broadcast's value() on executors.");
        }
        return VariableReply.of(bytes);
    }
}
