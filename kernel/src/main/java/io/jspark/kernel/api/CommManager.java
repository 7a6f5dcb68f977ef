package io.jspark.kernel.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The comms of a kernel: targets that frontends may open comms to, and the comms that are open.
 * Frontend messages arrive on the shell thread; cells open and send from theirs.
 */
public final class CommManager {
    /** Sends comm_open, comm_msg and comm_close on iopub, with the message being handled as parent. */
    public interface Sender {
        void send(String msgType, Map<String, Object> content, Map<String, Object> metadata);
    }

    private final Sender sender;
    private final Map<String, CommTarget> targets = new ConcurrentHashMap<>();
    private final Map<String, Comm> comms = new ConcurrentHashMap<>();

    public CommManager(Sender sender) {
        this.sender = sender;
    }

    public void registerTarget(String targetName, CommTarget target) {
        targets.put(Objects.requireNonNull(targetName), Objects.requireNonNull(target));
    }

    public void unregisterTarget(String targetName) {
        targets.remove(targetName);
    }

    /** Opens a comm from the kernel side to a target the frontend registered. */
    public Comm open(String targetName, Map<String, Object> data) {
        return open(targetName, data, Map.of());
    }

    /** As {@link #open(String, Map)}, with message metadata (a widget's protocol version goes there). */
    public Comm open(String targetName, Map<String, Object> data, Map<String, Object> metadata) {
        Comm comm = new Comm(UUID.randomUUID().toString(), targetName, this);
        comms.put(comm.id(), comm);
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("comm_id", comm.id());
        content.put("target_name", targetName);
        content.put("data", data);
        sender.send("comm_open", content, metadata);
        return comm;
    }

    /** The open comms, by id, with their target names; for comm_info_request, optionally for one target. */
    public Map<String, String> openComms(String targetName) {
        Map<String, String> result = new LinkedHashMap<>();
        comms.forEach((id, comm) -> {
            if (targetName == null || targetName.isEmpty() || targetName.equals(comm.targetName())) {
                result.put(id, comm.targetName());
            }
        });
        return result;
    }

    /** A frontend opened a comm; returns false when no target of that name exists (the caller closes it). */
    public boolean frontendOpened(String commId, String targetName, Map<String, Object> data) {
        CommTarget target = targets.get(targetName);
        if (target == null) {
            return false;
        }
        Comm comm = new Comm(commId, targetName, this);
        comms.put(commId, comm);
        target.opened(comm, data);
        return true;
    }

    public void frontendMessage(String commId, Map<String, Object> data) {
        Comm comm = comms.get(commId);
        if (comm != null) {
            comm.received(data);
        }
    }

    public void frontendClosed(String commId, Map<String, Object> data) {
        Comm comm = comms.remove(commId);
        if (comm != null) {
            comm.closedByFrontend(data);
        }
    }

    void sendMessage(Comm comm, Map<String, Object> data) {
        sender.send("comm_msg", Map.of("comm_id", comm.id(), "data", data), Map.of());
    }

    void sendClose(Comm comm, Map<String, Object> data) {
        comms.remove(comm.id());
        sender.send("comm_close", Map.of("comm_id", comm.id(), "data", data), Map.of());
    }
}
