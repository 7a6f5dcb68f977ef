package io.jspark.kernel;

import io.jspark.kernel.client.InProcessKernel;
import io.jspark.kernel.interpreter.Language;
import io.jspark.kernel.protocol.Json;
import io.jspark.kernel.protocol.Message;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A short session against a kernel of this JVM on loopback, for the class data archive that
 * kernel.sh makes (JSPARK_CDS_TRAINING): the JVM loads what a kernel's start, a first cell and a
 * first Spark job on local[2] with its monitor load, and archives them when it exits.
 */
final class ClassDataTraining {
    private static final Map<String, String> TRIVIAL = Map.of("java", "int x = 1 + 1;", "scala", "val x = 1 + 1");
    private static final Duration REPLY_TIMEOUT = Duration.ofMinutes(5);

    private ClassDataTraining() {
    }

    /** Returns once the kernel has shut down; throws when a cell fails, so that no archive is kept. */
    static void run(String languageName, Language language, KernelConfig config) throws Exception {
        try (InProcessKernel kernel = InProcessKernel.start(config, language, REPLY_TIMEOUT)) {
            // The training's session runs on local[2] whatever master the kernel would use.
            for (String code : List.of("%%spark\nspark.master local[2]", TRIVIAL.get(languageName), "spark.range(1000).count()")) {
                Message reply = kernel.client().execute(Json.object().put("code", code).put("silent", false),
                        message -> { }, null, REPLY_TIMEOUT);
                if (!"ok".equals(reply.content().path("status").asText())) {
                    throw new IllegalStateException("training cell failed: " + code + ": " + reply.content());
                }
            }
        }
    }
}
