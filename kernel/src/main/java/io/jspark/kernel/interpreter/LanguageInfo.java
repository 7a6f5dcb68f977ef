package io.jspark.kernel.interpreter;

/** The kernel_info_reply's language_info and banner, as one interpreter describes its language. */
public record LanguageInfo(String name, String version, String mimetype, String fileExtension,
        String codemirrorMode, String pygmentsLexer, String banner) {
}
