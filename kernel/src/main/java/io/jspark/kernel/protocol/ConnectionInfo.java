package io.jspark.kernel.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The connection file a Jupyter frontend writes before it starts the kernel. */
public record ConnectionInfo(
        String transport,
        String ip,
        int shellPort,
        int controlPort,
        int stdinPort,
        int iopubPort,
        int hbPort,
        String key,
        String signatureScheme,
        String kernelName) {

    public static ConnectionInfo read(Path file) throws IOException {
        JsonNode json = Json.MAPPER.readTree(Files.readString(file));
        return new ConnectionInfo(
                json.path("transport").asText("tcp"),
                json.path("ip").asText("127.0.0.1"),
                json.path("shell_port").asInt(),
                json.path("control_port").asInt(),
                json.path("stdin_port").asInt(),
                json.path("iopub_port").asInt(),
                json.path("hb_port").asInt(),
                json.path("key").asText(""),
                json.path("signature_scheme").asText("hmac-sha256"),
                json.path("kernel_name").asText(""));
    }

    public String address(int port) {
        return "ipc".equals(transport) ? "ipc://" + ip + "-" + port : transport + "://" + ip + ":" + port;
    }
}
