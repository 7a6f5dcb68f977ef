package io.jspark.display;

/** Turns a value of one type into the MIME bundle that a Jupyter frontend shows for it. */
@FunctionalInterface
public interface Renderer<T> {
    MimeBundle render(T value);
}
