package io.jspark.kernel.widgets;

import java.util.Locale;

/**
 * The Jupyter widget protocol and model versions a frontend's widget manager understands:
 * ipywidgets 8 (as JupyterLab 4 and Notebook 7 have it) by default, ipywidgets 7 by
 * configuration. A manager refuses models of a major version it does not have.
 *
 * @param protocol        the comm protocol version, sent as comm_open metadata
 * @param baseVersion     of {@code @jupyter-widgets/base} (layouts, styles' views)
 * @param controlsVersion of {@code @jupyter-widgets/controls} (buttons, boxes)
 */
public record WidgetProtocol(String protocol, String baseVersion, String controlsVersion) {
    public static final String TARGET = "jupyter.widget";
    public static final String VIEW_MIME_TYPE = "application/vnd.jupyter.widget-view+json";
    public static final WidgetProtocol IPYWIDGETS_8 = new WidgetProtocol("2.1.0", "2.0.0", "2.0.0");
    public static final WidgetProtocol IPYWIDGETS_7 = new WidgetProtocol("2.0.0", "1.2.0", "1.5.0");

    /** "8" or "7" (JSPARK_WIDGETS), the ipywidgets version the frontend has; anything else is refused with what to write instead. */
    public static WidgetProtocol of(String ipywidgetsVersion) {
        return switch (ipywidgetsVersion.trim().toLowerCase(Locale.ROOT)) {
            case "8" -> IPYWIDGETS_8;
            case "7" -> IPYWIDGETS_7;
            default -> throw new IllegalArgumentException("JSPARK_WIDGETS must be 8 (ipywidgets 8, as JupyterLab 4 has it), "
                    + "7 (ipywidgets 7) or off, not " + ipywidgetsVersion);
        };
    }

    /** The major version of the protocol, which a widget view's MIME data names. */
    public int major() {
        return Integer.parseInt(protocol.substring(0, protocol.indexOf('.')));
    }
}
