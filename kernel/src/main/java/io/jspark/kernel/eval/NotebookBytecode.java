package io.jspark.kernel.eval;

import java.util.HashSet;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites the classes of notebook cells before they are defined in the kernel's JVM:
 * {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} throw {@link CellExit} instead of
 * ending the kernel, and every backward jump checks for an interrupt, so that a busy loop stops
 * without {@code Thread.stop} (which newer JDKs no longer have).
 */
final class NotebookBytecode {
    private static final String HOOKS = "io/jspark/kernel/eval/NotebookRuntimeHooks";

    private NotebookBytecode() {
    }

    static byte[] rewrite(byte[] original) {
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exceptions) {
                return new HookingMethodVisitor(super.visitMethod(access, name, desc, sig, exceptions));
            }
        }, 0);
        return writer.toByteArray();
    }

    private static final class HookingMethodVisitor extends MethodVisitor {
        private final Set<Label> visited = new HashSet<>();

        HookingMethodVisitor(MethodVisitor next) {
            super(Opcodes.ASM9, next);
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
        public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean isInterface) {
            if (opcode == Opcodes.INVOKESTATIC && owner.equals("java/lang/System")
                    && name.equals("exit") && desc.equals("(I)V")) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "exit", "(I)V", false);
            } else if (opcode == Opcodes.INVOKEVIRTUAL && owner.equals("java/lang/Runtime")
                    && (name.equals("exit") || name.equals("halt")) && desc.equals("(I)V")) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "runtimeExit", "(Ljava/lang/Runtime;I)V", false);
            } else {
                super.visitMethodInsn(opcode, owner, name, desc, isInterface);
            }
        }
    }
}
