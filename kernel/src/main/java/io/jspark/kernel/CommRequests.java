package io.jspark.kernel;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jspark.kernel.api.CommManager;
import io.jspark.kernel.protocol.Json;
import io.jspark.kernel.protocol.Message;
import io.jspark.kernel.server.IOPub;
import java.util.Map;

/** comm_info, comm_open, comm_msg and comm_close, answered on the shell thread, also while a cell runs. */
final class CommRequests {
    private static final System.Logger LOG = System.getLogger(CommRequests.class.getName());
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final IOPub iopub;
    private final CommManager comms;
    /** The comm message being handled on the shell thread: what its handlers send goes out with it as parent. */
    private final ThreadLocal<Message> commParent;

    CommRequests(IOPub iopub, CommManager comms, ThreadLocal<Message> commParent) {
        this.iopub = iopub;
        this.comms = comms;
        this.commParent = commParent;
    }

    ObjectNode commInfo(ObjectNode content) {
        ObjectNode reply = Json.object().put("status", "ok");
        ObjectNode list = reply.putObject("comms");
        comms.openComms(content.path("target_name").asText(null))
                .forEach((id, target) -> list.putObject(id).put("target_name", target));
        return reply;
    }

    /**
     * Comm handlers run here on the shell thread, also while a cell runs on the execution thread;
     * what they send goes out with this message as parent.
     */
    void comm(Message request) {
        ObjectNode content = request.content();
        String commId = content.path("comm_id").asText();
        Map<String, Object> data = Json.MAPPER.convertValue(content.path("data").isObject() ? content.path("data") : Json.object(), MAP);
        commParent.set(request);
        try {
            switch (request.msgType()) {
                case "comm_open" -> {
                    if (!comms.frontendOpened(commId, content.path("target_name").asText(), data)) {
                        ObjectNode close = Json.object().put("comm_id", commId);
                        close.putObject("data");
                        iopub.publish(request, "comm_close", close);
                    }
                }
                case "comm_msg" -> comms.frontendMessage(commId, data);
                default -> comms.frontendClosed(commId, data);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a comm handler failed", e);
        } finally {
            commParent.remove();
        }
    }

}
