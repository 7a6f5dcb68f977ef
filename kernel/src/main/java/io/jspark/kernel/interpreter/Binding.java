package io.jspark.kernel.interpreter;

/** A value the kernel gives cells under a name, declared as {@code type} (e.g. {@code spark}). */
public record Binding(String name, Class<?> type, Object value) {
    public Binding {
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException(name + " is not a " + type.getName());
        }
    }
}
