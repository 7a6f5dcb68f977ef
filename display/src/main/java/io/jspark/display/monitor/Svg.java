package io.jspark.display.monitor;

import io.jspark.display.Text;
import java.util.Locale;

/** Small helpers for compact inline SVG: every byte counts against the update budget. */
final class Svg {
    private Svg() {
    }

    static String num(double v) {
        long rounded = Math.round(v * 10);
        return rounded % 10 == 0 ? Long.toString(rounded / 10) : String.format(Locale.ROOT, "%.1f", rounded / 10.0);
    }

    static void rect(StringBuilder s, double x, double y, double w, double h, String fill) {
        s.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"")
                .append(num(Math.max(w, 0.6))).append("\" height=\"").append(num(h)).append("\" fill=\"").append(fill).append("\"/>");
    }

    static void text(StringBuilder s, double x, double y, String text, String extra) {
        s.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" font-size=\"10\" fill=\"currentColor\"")
                .append(extra).append('>').append(Text.escapeHtml(text)).append("</text>");
    }

    /** Tick spacing of 1, 2 or 5 times a power of ten, giving about {@code ticks} ticks over {@code span}. */
    static long tickStep(long span, int ticks) {
        double raw = Math.max(1, span) / (double) ticks;
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double[] steps = {1, 2, 5, 10};
        for (double step : steps) {
            if (raw <= step * power) {
                return Math.max(1, Math.round(step * power));
            }
        }
        return Math.round(10 * power);
    }
}
