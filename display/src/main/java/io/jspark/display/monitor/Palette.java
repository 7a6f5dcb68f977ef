package io.jspark.display.monitor;

/**
 * The monitor's colours. Text and marks drawn on the page's background take JupyterLab's theme variable
 * for their colour ({@link #css}), with the colour every other frontend shows as its fallback, so that
 * they read in Lab's light and dark themes while Notebook 6 and nbconvert look as they always did.
 * Badges, progress bars and drawings fill with the fixed colour ({@link #hex}), which carries white text
 * on any background; SVG presentation attributes take no var() anyway, and fixed fills keep a big
 * table's HTML within its size bound.
 */
enum Palette {
    SUCCESS("--jp-success-color1", "#2e9e4f"),
    RUNNING("--jp-brand-color1", "#3b82f6"),
    ERROR("--jp-error-color1", "#dc3545"),
    WARNING("--jp-warn-color1", "#d97706"),
    MUTED("--jp-ui-font-color2", "#6b7280");

    static final String FONT_FAMILY = "var(--jp-ui-font-family, system-ui, -apple-system, 'Segoe UI', sans-serif)";

    final String hex;
    final String css;

    Palette(String labVariable, String hex) {
        this.hex = hex;
        this.css = "var(" + labVariable + ", " + hex + ")";
    }
}
