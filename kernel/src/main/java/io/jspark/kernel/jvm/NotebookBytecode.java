package io.jspark.kernel.jvm;

import java.util.HashSet;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites the classes of notebook cells before they are defined in the kernel's JVM:
 * {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} throw {@link CellExit} instead of
 * ending the kernel, and every backward jump checks for an interrupt, so that a busy loop stops
 * without {@code Thread.stop} (which newer JDKs no longer have).
 *
 * <p>Exits are caught however the cell's own code reaches them: direct calls, method references
 * (a lambda factory's handle names the method), {@code Method.invoke}, and method handles the cell
 * looks up or binds. Threads the cell starts and pools it makes with {@code Executors} are reported
 * to {@link NotebookThreadHooks}, so that {@code %threads} can name and stop them. Code outside cell
 * classes (libraries) is not rewritten.
 */
public final class NotebookBytecode {
    private static final String HOOKS = "io/jspark/kernel/jvm/NotebookRuntimeHooks";
    private static final String RUNTIME = "java/lang/Runtime";
    private static final String SCALA_SYS = "scala/sys/package$";
    private static final String SCALA_NOTHING = "Lscala/runtime/Nothing$;";
    private static final String THREAD = "java/lang/Thread";
    private static final String EXECUTORS = "java/util/concurrent/Executors";
    private static final String LOOKUP = "java/lang/invoke/MethodHandles$Lookup";
    private static final String METHOD_HANDLE_RESULT = ")Ljava/lang/invoke/MethodHandle;";
    private static final String SERIALIZED_LAMBDA = "java/lang/invoke/SerializedLambda";
    /** Javac's method that rebuilds a serializable lambda of the class from its SerializedLambda. */
    private static final String DESERIALIZE_LAMBDA = "$deserializeLambda$";

    private NotebookBytecode() {
    }

    public static byte[] rewrite(byte[] original) {
        ClassReader reader = new ClassReader(original);
        // The reflection guard needs more stack than the method had; frames stay as compiled.
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exceptions) {
                return new HookingMethodVisitor(super.visitMethod(access, name, desc, sig, exceptions),
                        name.equals(DESERIALIZE_LAMBDA));
            }
        }, 0);
        return writer.toByteArray();
    }

    /**
     * The hook a method reference's handle is redirected to: exits always; {@code Thread::start} and
     * the pools of {@code Executors} only where the lambda is not serializable, since javac's
     * deserialization checks the handle's owner.
     */
    private static Handle redirected(Handle handle, boolean serializable) {
        if (!serializable && handle.getTag() == Opcodes.H_INVOKEVIRTUAL && handle.getOwner().equals(THREAD)
                && handle.getName().equals("start") && handle.getDesc().equals("()V")) {
            return new Handle(Opcodes.H_INVOKESTATIC, NotebookThreadHooks.OWNER, "start", "(L" + THREAD + ";)V", false);
        }
        if (!serializable && handle.getTag() == Opcodes.H_INVOKESTATIC && isExecutorsPool(handle.getOwner(), handle.getName(), handle.getDesc())) {
            return new Handle(Opcodes.H_INVOKESTATIC, NotebookThreadHooks.OWNER, handle.getName(), handle.getDesc(), false);
        }
        return exitSafe(handle);
    }

    private static boolean isExecutorsPool(String owner, String name, String desc) {
        return owner.equals(EXECUTORS) && NotebookThreadHooks.EXECUTORS_METHODS.contains(name + desc);
    }

    /** The hook a method handle constant is redirected to, or the handle itself if it is no exit. */
    private static Handle exitSafe(Handle handle) {
        boolean systemExit = handle.getTag() == Opcodes.H_INVOKESTATIC && handle.getOwner().equals("java/lang/System")
                && handle.getName().equals("exit") && handle.getDesc().equals("(I)V");
        if (systemExit) {
            return new Handle(Opcodes.H_INVOKESTATIC, HOOKS, "exit", "(I)V", false);
        }
        if (isRuntimeExit(handle.getTag() == Opcodes.H_INVOKEVIRTUAL, handle.getOwner(), handle.getName(), handle.getDesc())) {
            return new Handle(Opcodes.H_INVOKESTATIC, HOOKS, handle.getName(), "(L" + RUNTIME + ";I)V", false);
        }
        return handle;
    }

    private static boolean isRuntimeExit(boolean virtual, String owner, String name, String desc) {
        return virtual && owner.equals(RUNTIME) && (name.equals("exit") || name.equals("halt")) && desc.equals("(I)V");
    }

    private static final class HookingMethodVisitor extends MethodVisitor {
        private final Set<Label> visited = new HashSet<>();
        private final boolean deserializesLambdas;

        HookingMethodVisitor(MethodVisitor next, boolean deserializesLambdas) {
            super(Opcodes.ASM9, next);
            this.deserializesLambdas = deserializesLambdas;
        }

        @Override
        public void visitLabel(Label label) {
            visited.add(label);
            super.visitLabel(label);
        }

        @Override
        public void visitJumpInsn(int opcode, Label target) {
            if (visited.contains(target)) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "checkInterrupt", "()V", false);
            }
            super.visitJumpInsn(opcode, target);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String desc, Handle bootstrap, Object... arguments) {
            if (bootstrap.getOwner().equals("java/lang/invoke/LambdaMetafactory")) {
                boolean serializable = !bootstrap.getName().equals("metafactory");
                Object[] redirected = arguments.clone();
                for (int i = 0; i < redirected.length; i++) {
                    if (redirected[i] instanceof Handle h) {
                        redirected[i] = redirected(h, serializable);
                    }
                }
                super.visitInvokeDynamicInsn(name, desc, bootstrap, redirected);
            } else {
                super.visitInvokeDynamicInsn(name, desc, bootstrap, arguments);
            }
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean isInterface) {
            if (opcode == Opcodes.INVOKESTATIC && owner.equals("java/lang/System")
                    && name.equals("exit") && desc.equals("(I)V")) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "exit", "(I)V", false);
            } else if (isRuntimeExit(opcode == Opcodes.INVOKEVIRTUAL, owner, name, desc)) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, name, "(L" + RUNTIME + ";I)V", false);
            } else if (opcode == Opcodes.INVOKEVIRTUAL && owner.equals(SCALA_SYS) && name.equals("exit")
                    && desc.endsWith(")" + SCALA_NOTHING)) {
                // Scala's sys.exit(n) and sys.exit(): the module stays on the stack as the hook's first argument.
                super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "sysExit", "(Ljava/lang/Object;" + desc.substring(1), false);
            } else if (opcode == Opcodes.INVOKEVIRTUAL && name.equals("start") && desc.equals("()V")) {
                // Any class's start(): the hook looks at the receiver, since a Thread subclass may be the owner.
                super.visitInsn(Opcodes.DUP);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, NotebookThreadHooks.OWNER, "starting", "(Ljava/lang/Object;)V", false);
                super.visitMethodInsn(opcode, owner, name, desc, isInterface);
            } else if (opcode == Opcodes.INVOKESTATIC && isExecutorsPool(owner, name, desc)) {
                super.visitMethodInsn(opcode, NotebookThreadHooks.OWNER, name, desc, false);
            } else if (opcode == Opcodes.INVOKEVIRTUAL && owner.equals("java/lang/reflect/Method") && name.equals("invoke")) {
                guardReflectiveCall();
                super.visitMethodInsn(opcode, owner, name, desc, isInterface);
            } else if (opcode == Opcodes.INVOKEVIRTUAL && owner.equals(LOOKUP) && name.equals("bind")) {
                // A bound handle no longer reveals its method, so the receiver and name are checked here.
                super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "bind", "(L" + LOOKUP + ";" + desc.substring(1), false);
            } else if (opcode == Opcodes.INVOKEVIRTUAL && owner.equals(LOOKUP) && desc.endsWith(METHOD_HANDLE_RESULT)) {
                super.visitMethodInsn(opcode, owner, name, desc, isInterface);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "exitSafe",
                        "(Ljava/lang/invoke/MethodHandle;)Ljava/lang/invoke/MethodHandle;", false);
            } else if (deserializesLambdas && owner.equals(SERIALIZED_LAMBDA) && name.startsWith("getImpl")) {
                // The lambda was made from the redirected handle; javac's checks expect the original.
                super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "original" + name.substring("get".length()),
                        "(L" + SERIALIZED_LAMBDA + ";" + desc.substring(1), false);
            } else {
                super.visitMethodInsn(opcode, owner, name, desc, isInterface);
            }
        }

        /**
         * With (method, target, arguments) on the stack, passes method and arguments to the hook and
         * leaves the stack as it was: the call itself stays in the cell's class, because
         * {@code Method.invoke} checks access against its caller.
         */
        private void guardReflectiveCall() {
            super.visitInsn(Opcodes.DUP2_X1);
            super.visitInsn(Opcodes.POP2);
            super.visitInsn(Opcodes.DUP_X2);
            super.visitInsn(Opcodes.DUP2);
            super.visitInsn(Opcodes.POP);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "checkReflectiveExit",
                    "(Ljava/lang/reflect/Method;[Ljava/lang/Object;)V", false);
        }
    }
}
