package io.jspark.kernel.spark.executor;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.rpc.RpcEndpointRef;
import org.apache.spark.util.RpcUtils;
import org.apache.spark.util.TaskCompletionListener;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * What executor code sees of top-level notebook variables. JShell keeps {@code int n = 5;} in a static
 * field that only the kernel's JVM has set; the class files served to executors are rewritten so that
 * reading or assigning such a field calls this class instead.
 *
 * <p>A task thread asks the driver once per stage attempt and executor, so every task of a stage sees
 * the value the driver held when the stage first needed it. Each task works on its own copy,
 * deserialized from those bytes, as with anything a Spark closure captures; an assignment changes that
 * copy only, never the driver's variable. Threads that a task starts have no task, so each of their
 * reads asks the driver and their assignments are lost.
 *
 * <p>Requests and replies are JDK types only: Spark's RPC reads them with the executor's system class
 * loader, which lacks this class when it comes from the driver's class folder.
 *
 * <p>Threads: called concurrently from task threads; all state is behind locks or in concurrent maps.
 */
public final class ExecutorVariables {
    /** The driver's RPC endpoint that answers requests for variables. */
    public static final String ENDPOINT_NAME = "jspark-notebook-variables";
    /** A request is this prefix, then "stageId:stageAttempt:variable" (stage -1 outside a task). */
    public static final String REQUEST_PREFIX = "jspark-variable:";
    /** Fetched values kept, by count and by bytes: a stage rarely reads more than a few variables. */
    private static final int CACHED_FETCHES = 128;
    private static final long CACHED_BYTES = 128L * 1024 * 1024;
    private static final ClassTag<Object[]> REPLY = ClassTag$.MODULE$.apply(Object[].class);

    /** Fetches by stage attempt and variable, least recently used first; guarded by itself. */
    private static final Map<String, Fetch> fetched = new LinkedHashMap<>(16, 0.75f, true);
    private static long fetchedBytes;
    /** Each running task's copies of the variables it touched, by task attempt id. */
    private static final Map<Long, Map<String, Object>> taskValues = new ConcurrentHashMap<>();
    private static volatile RpcEndpointRef driver;

    private ExecutorVariables() {
    }

    /** One request to the driver that concurrent tasks of a stage share. */
    private static final class Fetch {
        final CompletableFuture<byte[]> bytes = new CompletableFuture<>();
        long size;
    }

    /** The fetching task was interrupted (killed, say): whoever waits on its fetch asks again. */
    private static final class Abandoned extends RuntimeException {
        Abandoned(Throwable cause) {
            super(cause);
        }
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
                task.addTaskCompletionListener((TaskCompletionListener) done -> taskValues.remove(id));
            } else {
                values = taskValues.get(id);
            }
        }
        return values;
    }

    /** The driver's bytes for the variable in this stage attempt; concurrent tasks share one request. */
    private static byte[] bytes(String variable, int stageId, int stageAttempt) {
        String key = stageId + ":" + stageAttempt + ":" + variable;
        while (true) {
            Fetch fetch;
            boolean mine = false;
            synchronized (fetched) {
                fetch = fetched.get(key);
                if (fetch == null) {
                    fetch = new Fetch();
                    fetched.put(key, fetch);
                    mine = true;
                }
            }
            if (mine) {
                fetchInto(fetch, key, variable, stageId, stageAttempt);
            }
            try {
                return fetch.bytes.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while getting the notebook variable '" + userName(variable) + "'", e);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof Abandoned)) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
        }
    }

    private static void fetchInto(Fetch fetch, String key, String variable, int stageId, int stageAttempt) {
        try {
            byte[] bytes = fetch(variable, stageId, stageAttempt);
            synchronized (fetched) {
                fetch.size = bytes.length;
                fetchedBytes += bytes.length;
                evict();
            }
            fetch.bytes.complete(bytes);
        } catch (Throwable e) {
            // Later tasks of the stage ask again rather than fail on this one's failure.
            synchronized (fetched) {
                fetched.remove(key);
            }
            fetch.bytes.completeExceptionally(Thread.currentThread().isInterrupted() ? new Abandoned(e) : e);
        }
    }

    /** Drops the least recently used values beyond the budget; called holding the lock on fetched. */
    private static void evict() {
        Iterator<Fetch> oldest = fetched.values().iterator();
        while (oldest.hasNext() && (fetched.size() > CACHED_FETCHES || fetchedBytes > CACHED_BYTES)) {
            Fetch f = oldest.next();
            if (f.bytes.isDone()) {
                fetchedBytes -= f.size;
                oldest.remove();
            }
        }
    }

    private static byte[] fetch(String variable, int stageId, int stageAttempt) {
        Object[] reply;
        try {
            reply = driver().askSync(REQUEST_PREFIX + stageId + ":" + stageAttempt + ":" + variable, REPLY);
        } catch (Exception e) {
            // Scala code throws checked exceptions (SparkException) without declaring them.
            throw new IllegalStateException("cannot get the notebook variable '" + userName(variable)
                    + "' from the driver: " + e.getMessage(), e);
        }
        if (reply[1] != null) {
            throw new IllegalStateException((String) reply[1]);
        }
        return (byte[]) reply[0];
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
