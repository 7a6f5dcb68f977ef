package io.jspark.kernel.jvm;

import io.jspark.kernel.spark.executor.TaskKillCheck;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;

/**
 * Static entry points that rewritten notebook bytecode calls. Statics are forced here: code that
 * an interpreter compiles can only reach the kernel through a class its loader can see.
 */
public final class NotebookRuntimeHooks {
    private static final String HOOKS = NotebookRuntimeHooks.class.getName().replace('.', '/');
    private static final MethodType SYSTEM_EXIT = MethodType.methodType(void.class, int.class);
    private static final MethodType RUNTIME_EXIT = MethodType.methodType(void.class, Runtime.class, int.class);
    /** The cell thread the user asked to stop; written by the control thread, read in notebook loops. */
    private static volatile Thread stopRequested;

    private NotebookRuntimeHooks() {
    }

    public static void exit(int status) {
        throw new CellExit(status);
    }

    /** Scala's {@code sys.exit(status)}, which calls System.exit from library code. */
    public static scala.runtime.Nothing$ sysExit(Object sys, int status) {
        throw new CellExit(status);
    }

    /** Scala's {@code sys.exit()}. */
    public static scala.runtime.Nothing$ sysExit(Object sys) {
        throw new CellExit(0);
    }

    public static void exit(Runtime runtime, int status) {
        throw new CellExit(status);
    }

    public static void halt(Runtime runtime, int status) {
        throw new CellExit(status);
    }

    /** Called before every {@code Method.invoke} in notebook code, with the method and its arguments. */
    public static void checkReflectiveExit(Method method, Object[] arguments) {
        boolean exitName = method.getName().equals("exit") || method.getName().equals("halt");
        if (exitName && isExit(method.getDeclaringClass(), method.getName(), method.getParameterTypes())
                && arguments != null && arguments.length == 1 && arguments[0] instanceof Integer status) {
            throw new CellExit(status);
        }
    }

    /** Called on every method handle notebook code looks up: a handle to an exit becomes one to its hook. */
    public static MethodHandle exitSafe(MethodHandle handle) {
        MethodType type = handle.type();
        if (!type.equals(SYSTEM_EXIT) && !type.equals(RUNTIME_EXIT)) {
            return handle;
        }
        MethodHandleInfo info;
        try {
            info = MethodHandles.publicLookup().revealDirect(handle);
        } catch (IllegalArgumentException | SecurityException e) {
            return handle;
        }
        if (!isExit(info.getDeclaringClass(), info.getName(), info.getMethodType().parameterArray())) {
            return handle;
        }
        try {
            return MethodHandles.lookup().findStatic(NotebookRuntimeHooks.class, info.getName(), type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the kernel's exit hooks are missing", e);
        }
    }

    /** Called in place of {@code Lookup.bind} in notebook code. */
    public static MethodHandle bind(MethodHandles.Lookup lookup, Object receiver, String name, MethodType type)
            throws NoSuchMethodException, IllegalAccessException {
        if (receiver instanceof Runtime && type.equals(SYSTEM_EXIT) && (name.equals("exit") || name.equals("halt"))) {
            return MethodHandles.lookup().findStatic(NotebookRuntimeHooks.class, name, RUNTIME_EXIT).bindTo(receiver);
        }
        return lookup.bind(receiver, name, type);
    }

    private static boolean isExit(Class<?> owner, String name, Class<?>[] parameters) {
        boolean takesStatus = parameters.length == 1 && parameters[0] == int.class;
        return takesStatus && (owner == System.class && name.equals("exit")
                || owner == Runtime.class && (name.equals("exit") || name.equals("halt")));
    }

    /*
     * A serializable method reference to an exit is made from a hook; javac's $deserializeLambda$ of
     * the cell class checks what the lambda calls against the original method, so it is told that.
     */

    public static String originalImplClass(SerializedLambda lambda) {
        if (!isHook(lambda)) {
            return lambda.getImplClass();
        }
        return lambda.getImplMethodSignature().equals("(I)V") ? "java/lang/System" : "java/lang/Runtime";
    }

    /** Each hook has the name of the method it replaces. */
    public static String originalImplMethodName(SerializedLambda lambda) {
        return lambda.getImplMethodName();
    }

    public static String originalImplMethodSignature(SerializedLambda lambda) {
        return isHook(lambda) ? "(I)V" : lambda.getImplMethodSignature();
    }

    public static int originalImplMethodKind(SerializedLambda lambda) {
        if (!isHook(lambda) || lambda.getImplMethodSignature().equals("(I)V")) {
            return lambda.getImplMethodKind();
        }
        return MethodHandleInfo.REF_invokeVirtual;
    }

    private static boolean isHook(SerializedLambda lambda) {
        return lambda.getImplClass().equals(HOOKS);
    }

    /**
     * Called at every backward jump in notebook code: three cheap field reads unless a stop is pending
     * or the thread is interrupted. A thread %threads stops ends here even if it swallows interrupts. Spark interrupts a task's thread when it kills the task (the
     * kernel's jobs interrupt on cancel), and only then is the task looked up.
     */
    public static void checkInterrupt() {
        Thread current = Thread.currentThread();
        if (stopRequested == current) {
            stopRequested = null;
            throw new CellInterrupted();
        }
        if (current.isInterrupted()) {
            TaskKillCheck.throwIfKilled();
        }
        if (NotebookThreadHooks.stopping(current)) {
            throw new CellInterrupted();
        }
    }

    public static void requestStop(Thread cellThread) {
        stopRequested = cellThread;
    }

    public static void clearStop() {
        stopRequested = null;
    }
}
