package io.jspark.kernel.widgets;

import io.jspark.kernel.api.Comm;
import io.jspark.kernel.api.CommManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The kernel's side of one widget model: its state, kept in step with the frontends' copies over a
 * {@code jupyter.widget} comm. Kernel threads change it with {@link #set}; the shell thread delivers
 * what frontends send (state they changed, a request for the whole state, custom events such as a
 * button's click). The state is guarded by this object.
 */
public final class Widget {
    private static final System.Logger LOG = System.getLogger(Widget.class.getName());

    private final Comm comm;
    private final Map<String, Object> state;
    private volatile Consumer<Map<String, Object>> customHandler = content -> { };

    private Widget(Comm comm, Map<String, Object> state) {
        this.comm = comm;
        this.state = state;
        comm.onMessage(this::received);
    }

    /** Opens the model on the frontends with its whole state. */
    static Widget open(CommManager comms, WidgetProtocol protocol, Map<String, Object> state) {
        Map<String, Object> copy = new LinkedHashMap<>(state);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("state", copy);
        data.put("buffer_paths", List.of());
        Comm comm = comms.open(WidgetProtocol.TARGET, data, Map.of("version", protocol.protocol()));
        return new Widget(comm, copy);
    }

    public String id() {
        return comm.id();
    }

    /** How other models' state refers to this one. */
    public String reference() {
        return "IPY_MODEL_" + comm.id();
    }

    public boolean isOpen() {
        return comm.isOpen();
    }

    public synchronized Object get(String key) {
        return state.get(key);
    }

    /** Changes some of the state and sends what changed; does nothing once closed. */
    public synchronized void set(Map<String, Object> changes) {
        Map<String, Object> changed = new LinkedHashMap<>();
        changes.forEach((key, value) -> {
            if (!java.util.Objects.equals(state.get(key), value)) {
                changed.put(key, value);
            }
        });
        if (changed.isEmpty() || !comm.isOpen()) {
            return;
        }
        state.putAll(changed);
        comm.send(update(changed));
    }

    /** Called with the content of each custom message, on the shell thread. */
    public void onCustom(Consumer<Map<String, Object>> handler) {
        customHandler = handler;
    }

    /** Closes the comm; frontends drop the model and the views that show it. */
    public synchronized void close() {
        comm.close();
    }

    @SuppressWarnings("unchecked")
    private void received(Map<String, Object> data) {
        Object method = data.get("method");
        if ("custom".equals(method) && data.get("content") instanceof Map<?, ?> content) {
            customHandler.accept((Map<String, Object>) content);
        } else if ("request_state".equals(method)) {
            synchronized (this) {
                if (comm.isOpen()) {
                    comm.send(update(new LinkedHashMap<>(state)));
                }
            }
        } else if ("update".equals(method) && data.get("state") instanceof Map<?, ?> changed) {
            // A view changed it (a text box's value, say); frontends keep their own copy, so no echo is due.
            synchronized (this) {
                state.putAll((Map<String, Object>) changed);
            }
        } else {
            LOG.log(System.Logger.Level.DEBUG, "ignored widget message " + method + " on " + comm.id());
        }
    }

    private static Map<String, Object> update(Map<String, Object> changed) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("method", "update");
        message.put("state", changed);
        message.put("buffer_paths", List.of());
        return message;
    }
}
