package io.jspark.kernel.api;

import java.util.Map;
import java.util.function.Consumer;

/** One end of a comm, a channel of JSON messages between kernel code and frontend code. */
public final class Comm {
    private final String id;
    private final String targetName;
    private final CommManager manager;
    private volatile Consumer<Map<String, Object>> messageHandler = data -> { };
    private volatile Consumer<Map<String, Object>> closeHandler = data -> { };
    private volatile boolean open = true;

    Comm(String id, String targetName, CommManager manager) {
        this.id = id;
        this.targetName = targetName;
        this.manager = manager;
    }

    public String id() {
        return id;
    }

    public String targetName() {
        return targetName;
    }

    public boolean isOpen() {
        return open;
    }

    public void send(Map<String, Object> data) {
        if (!open) {
            throw new IllegalStateException("comm " + id + " is closed");
        }
        manager.sendMessage(this, data);
    }

    public void close() {
        close(Map.of());
    }

    public void close(Map<String, Object> data) {
        if (open) {
            open = false;
            manager.sendClose(this, data);
        }
    }

    public void onMessage(Consumer<Map<String, Object>> handler) {
        this.messageHandler = handler;
    }

    public void onClose(Consumer<Map<String, Object>> handler) {
        this.closeHandler = handler;
    }

    void received(Map<String, Object> data) {
        messageHandler.accept(data);
    }

    void closedByFrontend(Map<String, Object> data) {
        open = false;
        closeHandler.accept(data);
    }
}
