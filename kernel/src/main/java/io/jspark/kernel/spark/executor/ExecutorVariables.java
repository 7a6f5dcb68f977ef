package io.jspark.kernel.spark.executor;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.rpc.RpcEndpointRef;
import org.apache.spark.util.RpcUtils;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * What executor code sees of top-level notebook variables. JShell keeps {@code int n = 5;} in a static
 * field that only the kernel's JVM has set; the class files served to executors are rewritten so that
 * reading or assigning such a field calls this class instead.
 *
 * <p>A read asks the driver once per stage attempt and executor, so every task of a stage sees the value
 * the driver held when the stage first needed it, as if a closure had captured it when the job ran.
 * Each task works on its own copy, deserialized from those bytes, as with anything a Spark closure
 * captures; an assignment changes that copy only, never the driver's variable.
 *
 * <p>Threads: called concurrently from task threads; all state is behind locks or in concurrent maps.
 */
public final class ExecutorVariables {
    /** The driver's RPC endpoint that answers {@link VariableRequest}s. */
    public static final String ENDPOINT_NAME = "jspark-notebook-variables";
    /** Stage attempts whose fetched bytes are kept; a stage rarely reads more than a few variables. */
    private static final int CACHED_FETCHES = 128;
    private static final ClassTag<VariableReply> REPLY = ClassTag$.MODULE$.apply(VariableReply.class);

    /** Fetches by stage attempt and variable, least recently used first; guarded by itself. */
    private static final Map<String, CompletableFuture<byte[]>> fetched = new LinkedHashMap<>(16, 0.75f, true);
    /** Each running task's copies of the variables it touched, by task attempt id. */
    private static final Map<Long, Map<String, Object>> taskValues = new ConcurrentHashMap<>();
    private static volatile RpcEndpointRef driver;

    private ExecutorVariables() {
    }

    public static Object getObject(String variable) {
        TaskContext task = TaskContext.get();
        if (task == null) {
            return deserialize(variable, fetch(variable, -1, -1));
        }
        Map<String, Object> values = valuesOf(task);
        synchronized (values) {
            if (values.containsKey(variable)) {
                return values.get(variable);
            }
        }
        Object value = deserialize(variable, bytes(variable, task.stageId(), task.stageAttemptNumber()));
        synchronized (values) {
            if (values.containsKey(variable)) {
                return values.get(variable);
            }
            values.put(variable, value);
            return value;
        }
    }

    public static void putObject(Object value, String variable) {
        TaskContext task = TaskContext.get();
        if (task != null) {
            Map<String, Object> values = valuesOf(task);
            synchronized (values) {
                values.put(variable, value);
            }
        }
    }

    public static int getInt(String variable) {
        return (Integer) getObject(variable);
    }

    public static long getLong(String variable) {
        return (Long) getObject(variable);
    }

    public static double getDouble(String variable) {
        return (Double) getObject(variable);
    }

    public static float getFloat(String variable) {
        return (Float) getObject(variable);
    }

    public static boolean getBoolean(String variable) {
        return (Boolean) getObject(variable);
    }

    public static byte getByte(String variable) {
        return (Byte) getObject(variable);
    }

    public static char getChar(String variable) {
        return (Character) getObject(variable);
    }

    public static short getShort(String variable) {
        return (Short) getObject(variable);
    }

    public static void putInt(int value, String variable) {
        putObject(value, variable);
    }

    public static void putLong(long value, String variable) {
        putObject(value, variable);
    }

    public static void putDouble(double value, String variable) {
        putObject(value, variable);
    }

    public static void putFloat(float value, String variable) {
        putObject(value, variable);
    }

    public static void putBoolean(boolean value, String variable) {
        putObject(value, variable);
    }

    public static void putByte(byte value, String variable) {
        putObject(value, variable);
    }

    public static void putChar(char value, String variable) {
        putObject(value, variable);
    }

    public static void putShort(short value, String variable) {
        putObject(value, variable);
    }

    /** The name the user gave the variable: {@code n} of {@code REPL.$JShell$12.n}. */
    public static String userName(String variable) {
        return variable.substring(variable.lastIndexOf('.') + 1);
    }

    private static Map<String, Object> valuesOf(TaskContext task) {
        long id = task.taskAttemptId();
        Map<String, Object> values = taskValues.get(id);
        if (values == null) {
            values = Collections.synchronizedMap(new HashMap<>());
            if (taskValues.putIfAbsent(id, values) == null) {
                task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) done -> taskValues.remove(id));
            } else {
                values = taskValues.get(id);
            }
        }
        return values;
    }

    /** The driver's bytes for the variable in this stage attempt; concurrent tasks share one request. */
    private static byte[] bytes(String variable, int stageId, int stageAttempt) {
        String key = stageId + "." + stageAttempt + "/" + variable;
        CompletableFuture<byte[]> future;
        boolean mine = false;
        synchronized (fetched) {
            future = fetched.get(key);
            if (future == null) {
                future = new CompletableFuture<>();
                fetched.put(key, future);
                if (fetched.size() > CACHED_FETCHES) {
                    fetched.remove(fetched.keySet().iterator().next());
                }
                mine = true;
            }
        }
        if (mine) {
            try {
                future.complete(fetch(variable, stageId, stageAttempt));
            } catch (Throwable e) {
                // A task of the same stage that retries asks again rather than waiting on a failed fetch.
                synchronized (fetched) {
                    fetched.remove(key);
                }
                future.completeExceptionally(e);
            }
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private static byte[] fetch(String variable, int stageId, int stageAttempt) {
        VariableReply reply;
        try {
            reply = driver().askSync(new VariableRequest(variable, stageId, stageAttempt), REPLY);
        } catch (Exception e) {
            // Scala code throws checked exceptions (SparkException) without declaring them.
            throw new IllegalStateException("cannot get the notebook variable '" + userName(variable)
                    + "' from the driver: " + e.getMessage(), e);
        }
        if (reply.error() != null) {
            throw new IllegalStateException(reply.error());
        }
        return reply.value();
    }

    private static Object deserialize(String variable, byte[] bytes) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
            return SparkEnv.get().closureSerializer().newInstance()
                    .deserialize(ByteBuffer.wrap(bytes), loader, ClassTag$.MODULE$.Any());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the value of the notebook variable '" + userName(variable)
                    + "' on this executor: " + e, e);
        }
    }

    private static RpcEndpointRef driver() {
        RpcEndpointRef ref = driver;
        if (ref == null) {
            SparkEnv env = SparkEnv.get();
            ref = RpcUtils.makeDriverRef(ENDPOINT_NAME, env.conf(), env.rpcEnv());
            driver = ref;
        }
        return ref;
    }
}
