package io.jspark.kernel.jshell;

import io.jspark.kernel.jshell.NotebookClassLoader;
import io.jspark.kernel.spark.executor.ExecutorVariables;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Rewrites the class files that executors in other JVMs load: every read or assignment of a top-level
 * notebook variable (a static field of a JShell snippet wrapper) becomes a call to
 * {@link ExecutorVariables}, which gets the driver's value. Without it, a lambda reading {@code n} would
 * see the field's default on a remote executor and give wrong results without any error.
 * The kernel's own JVM keeps loading the classes as JShell compiled them.
 */
public final class ExecutorClassRewriter {
    private static final String HOOKS = Type.getInternalName(ExecutorVariables.class);

    private ExecutorClassRewriter() {
    }

    public static byte[] rewrite(byte[] original) {
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        boolean[] changed = new boolean[1];
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, desc, sig, exceptions)) {
                    @Override
                    public void visitFieldInsn(int opcode, String owner, String field, String fieldDesc) {
                        boolean variable = (opcode == Opcodes.GETSTATIC || opcode == Opcodes.PUTSTATIC)
                                && NotebookClassLoader.isVariableField(owner, field);
                        if (!variable) {
                            super.visitFieldInsn(opcode, owner, field, fieldDesc);
                            return;
                        }
                        changed[0] = true;
                        Type type = Type.getType(fieldDesc);
                        String kind = kind(type);
                        super.visitLdcInsn(owner.replace('/', '.') + "." + field);
                        if (opcode == Opcodes.GETSTATIC) {
                            Type returned = kind.equals("Object") ? Type.getType(Object.class) : type;
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "get" + kind,
                                    Type.getMethodDescriptor(returned, Type.getType(String.class)), false);
                            if (kind.equals("Object") && !type.equals(Type.getType(Object.class))) {
                                super.visitTypeInsn(Opcodes.CHECKCAST, type.getInternalName());
                            }
                        } else {
                            Type taken = kind.equals("Object") ? Type.getType(Object.class) : type;
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "put" + kind,
                                    Type.getMethodDescriptor(Type.VOID_TYPE, taken, Type.getType(String.class)), false);
                        }
                    }
                };
            }
        }, 0);
        return changed[0] ? writer.toByteArray() : original;
    }

    /** The suffix of the ExecutorVariables method that reads or writes a field of this type. */
    private static String kind(Type type) {
        return switch (type.getSort()) {
            case Type.INT -> "Int";
            case Type.LONG -> "Long";
            case Type.DOUBLE -> "Double";
            case Type.FLOAT -> "Float";
            case Type.BOOLEAN -> "Boolean";
            case Type.BYTE -> "Byte";
            case Type.CHAR -> "Char";
            case Type.SHORT -> "Short";
            default -> "Object";
        };
    }
}
