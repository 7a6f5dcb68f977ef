package io.jspark.display;

import java.awt.image.BufferedImage;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Picks the MIME bundle for a value by its class: the renderer registered for the nearest
 * superclass wins, then the nearest interface; a value with none shows as {@code text/plain}.
 * Registration may come from any thread (a cell, a library); lookups are lock-free.
 */
public final class RendererRegistry {
    private final Map<Class<?>, Renderer<Object>> renderers = new ConcurrentHashMap<>();
    private final Function<Object, String> plainText;

    /** {@code plainText}: how a value no renderer is registered for reads, as the notebook's language writes values. */
    public RendererRegistry(Function<Object, String> plainText) {
        this.plainText = Objects.requireNonNull(plainText);
    }

    public RendererRegistry() {
        this(RendererRegistry::javaText);
    }

    /** A registry that knows MIME bundles themselves and images, and shows other values as Java prints them. */
    public static RendererRegistry withDefaults() {
        return withDefaults(RendererRegistry::javaText);
    }

    /** A registry that knows MIME bundles themselves and images, and shows other values with {@code plainText}. */
    public static RendererRegistry withDefaults(Function<Object, String> plainText) {
        RendererRegistry registry = new RendererRegistry(plainText);
        registry.register(MimeBundle.class, bundle -> bundle);
        registry.register(BufferedImage.class, new ImageRenderer());
        return registry;
    }

    @SuppressWarnings("unchecked")
    public <T> void register(Class<T> type, Renderer<? super T> renderer) {
        renderers.put(Objects.requireNonNull(type), (Renderer<Object>) Objects.requireNonNull(renderer));
    }

    public void unregister(Class<?> type) {
        renderers.remove(type);
    }

    public MimeBundle render(Object value) {
        if (value == null) {
            return MimeBundle.text("null");
        }
        Renderer<Object> renderer = find(value.getClass());
        if (renderer != null) {
            return renderer.render(value);
        }
        return MimeBundle.text(plainText.apply(value));
    }

    private Renderer<Object> find(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            Renderer<Object> r = renderers.get(c);
            if (r != null) {
                return r;
            }
        }
        Deque<Class<?>> pending = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            pending.addAll(Arrays.asList(c.getInterfaces()));
        }
        while (!pending.isEmpty()) {
            Class<?> candidate = pending.poll();
            if (!seen.add(candidate)) {
                continue;
            }
            Renderer<Object> r = renderers.get(candidate);
            if (r != null) {
                return r;
            }
            pending.addAll(Arrays.asList(candidate.getInterfaces()));
        }
        return null;
    }

    /** A value as Java prints it, arrays element by element. */
    public static String javaText(Object value) {
        if (value.getClass().isArray()) {
            String deep = Arrays.deepToString(new Object[] {value});
            return deep.substring(1, deep.length() - 1);
        }
        return String.valueOf(value);
    }
}
