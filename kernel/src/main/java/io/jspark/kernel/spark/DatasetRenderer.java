package io.jspark.kernel.spark;

import io.jspark.display.MimeBundle;
import io.jspark.display.Renderer;
import io.jspark.display.Text;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Shows a Dataset as a table of its first rows with its schema, in HTML and as text. Fetching the
 * rows runs a Spark job on the cell's thread, so it is monitored under the cell like any other.
 */
public final class DatasetRenderer implements Renderer<Dataset<?>> {
    private static final int MAX_CELL_CHARS = 200;
    private static final int TEXT_CELL_CHARS = 20;

    private volatile int maxRows;

    public DatasetRenderer(int maxRows) {
        this.maxRows = maxRows;
    }

    public int maxRows() {
        return maxRows;
    }

    public void setMaxRows(int maxRows) {
        this.maxRows = Math.max(1, maxRows);
    }

    @Override
    public MimeBundle render(Dataset<?> dataset) {
        int limit = maxRows;
        StructType schema = dataset.schema();
        List<Row> fetched = fetchRows(dataset, limit + 1);
        boolean more = fetched.size() > limit;
        List<Row> rows = more ? fetched.subList(0, limit) : fetched;
        List<List<String>> cells = new ArrayList<>();
        for (Row row : rows) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < schema.size(); i++) {
                values.add(row.isNullAt(i) ? "null" : String.valueOf(row.get(i)));
            }
            cells.add(values);
        }
        return MimeBundle.builder()
                .put(MimeBundle.TEXT_HTML, html(schema, cells, more, limit))
                .put(MimeBundle.TEXT_PLAIN, text(schema, cells, more, limit))
                .build();
    }

    /** Takes the rows under a job description that says what the job is for, in the monitor and the Spark UI. */
    private static List<Row> fetchRows(Dataset<?> dataset, int rows) {
        org.apache.spark.SparkContext sc = dataset.sparkSession().sparkContext();
        String previous = sc.getLocalProperty("spark.job.description");
        sc.setJobDescription("first rows of the cell's result, for display");
        try {
            return dataset.toDF().takeAsList(rows);
        } finally {
            sc.setJobDescription(previous);
        }
    }

    private static String html(StructType schema, List<List<String>> rows, boolean more, int limit) {
        StringBuilder h = new StringBuilder("<div style=\"overflow-x:auto\"><table style=\"border-collapse:collapse;font-size:12px\"><thead><tr>");
        for (StructField f : schema.fields()) {
            h.append("<th style=\"padding:3px 8px;text-align:left;border-bottom:1px solid rgba(128,128,128,0.5)\">")
                    .append(Text.escapeHtml(f.name()))
                    .append("<br><span style=\"font-weight:normal;opacity:0.65\">").append(Text.escapeHtml(f.dataType().simpleString()))
                    .append(f.nullable() ? "" : " not null").append("</span></th>");
        }
        h.append("</tr></thead><tbody>");
        for (List<String> row : rows) {
            h.append("<tr style=\"border-top:1px solid rgba(128,128,128,0.2)\">");
            for (String value : row) {
                h.append("<td style=\"padding:3px 8px;text-align:left;white-space:pre\">").append(Text.escapeHtml(truncate(value, MAX_CELL_CHARS))).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</tbody></table>");
        h.append("<div style=\"opacity:0.7;font-size:11px;margin-top:2px\">")
                .append(more ? "first " + limit + " rows" : rows.size() + " row" + (rows.size() == 1 ? "" : "s"))
                .append(" · ").append(schema.size()).append(" column").append(schema.size() == 1 ? "" : "s").append("</div></div>");
        return h.toString();
    }

    private static String text(StructType schema, List<List<String>> rows, boolean more, int limit) {
        int columns = schema.size();
        int[] widths = new int[columns];
        String[] names = schema.fieldNames();
        for (int i = 0; i < columns; i++) {
            widths[i] = Math.max(3, truncate(names[i], TEXT_CELL_CHARS).length());
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], truncate(row.get(i), TEXT_CELL_CHARS).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        String rule = rule(widths);
        sb.append(rule).append(line(List.of(names), widths)).append(rule);
        for (List<String> row : rows) {
            sb.append(line(row, widths));
        }
        sb.append(rule);
        if (more) {
            sb.append("only showing the first ").append(limit).append(" rows\n");
        }
        return sb.toString();
    }

    private static String rule(int[] widths) {
        StringBuilder sb = new StringBuilder("+");
        for (int w : widths) {
            sb.append("-".repeat(w)).append('+');
        }
        return sb.append('\n').toString();
    }

    private static String line(List<String> values, int[] widths) {
        StringBuilder sb = new StringBuilder("|");
        for (int i = 0; i < widths.length; i++) {
            String v = truncate(values.get(i), TEXT_CELL_CHARS);
            sb.append(" ".repeat(widths[i] - v.length())).append(v).append('|');
        }
        return sb.append('\n').toString();
    }

    private static String truncate(String value, int max) {
        return Text.truncate(value.replace('\n', ' '), max);
    }
}
