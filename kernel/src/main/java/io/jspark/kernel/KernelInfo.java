package io.jspark.kernel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jspark.kernel.interpreter.LanguageInfo;
import io.jspark.kernel.protocol.Json;
import io.jspark.kernel.protocol.Message;

/** The kernel_info_reply content: who this kernel is, and the language its interpreter describes. */
final class KernelInfo {
    static final String IMPLEMENTATION = "jspark";

    private KernelInfo() {
    }

    static String version() {
        String v = KernelInfo.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    static ObjectNode content(LanguageInfo language) {
        ObjectNode content = Json.object();
        content.put("status", "ok");
        content.put("protocol_version", Message.PROTOCOL_VERSION);
        content.put("implementation", IMPLEMENTATION);
        content.put("implementation_version", version());
        content.putObject("language_info")
                .put("name", language.name())
                .put("version", language.version())
                .put("mimetype", language.mimetype())
                .put("file_extension", language.fileExtension())
                .put("codemirror_mode", language.codemirrorMode())
                .put("pygments_lexer", language.pygmentsLexer());
        content.put("banner", language.banner() + " - spark-java kernel " + version());
        content.put("debugger", false);
        ArrayNode links = content.putArray("help_links");
        for (LanguageInfo.HelpLink link : language.helpLinks()) {
            links.addObject().put("text", link.text()).put("url", link.url());
        }
        links.addObject().put("text", "Apache Spark").put("url", "https://spark.apache.org/docs/latest/");
        return content;
    }
}
