package io.jspark.kernel.interpreter;

import java.util.List;

/** The kernel_info_reply's language_info, banner and the language's help links, as one interpreter describes its language. */
public record LanguageInfo(String name, String version, String mimetype, String fileExtension,
        String codemirrorMode, String pygmentsLexer, String banner, List<HelpLink> helpLinks) {
    public LanguageInfo {
        helpLinks = List.copyOf(helpLinks);
    }

    /** An entry of the frontend's Help menu. */
    public record HelpLink(String text, String url) {
    }
}
