package io.jspark.kernel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jspark.kernel.protocol.Json;
import io.jspark.kernel.protocol.Message;

/** The kernel_info_reply content: who this kernel is and what language it speaks. */
final class KernelInfo {
    static final String IMPLEMENTATION = "jspark";

    private KernelInfo() {
    }

    static String version() {
        String v = KernelInfo.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    static ObjectNode content() {
        String java = Runtime.version().toString();
        ObjectNode content = Json.object();
        content.put("status", "ok");
        content.put("protocol_version", Message.PROTOCOL_VERSION);
        content.put("implementation", IMPLEMENTATION);
        content.put("implementation_version", version());
        ObjectNode language = content.putObject("language_info");
        language.put("name", "java");
        language.put("version", java);
        language.put("mimetype", "text/x-java-source");
        language.put("file_extension", ".java");
        language.put("codemirror_mode", "text/x-java");
        language.put("pygments_lexer", "java");
        content.put("banner", "Java " + java + " (JShell) - spark-java kernel " + version());
        content.put("debugger", false);
        ArrayNode links = content.putArray("help_links");
        links.addObject().put("text", "Java " + Runtime.version().feature() + " API")
                .put("url", "https://docs.oracle.com/en/java/javase/" + Runtime.version().feature() + "/docs/api/");
        links.addObject().put("text", "Apache Spark").put("url", "https://spark.apache.org/docs/latest/");
        return content;
    }
}
