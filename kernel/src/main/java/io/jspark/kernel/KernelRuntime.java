package io.jspark.kernel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jspark.display.MimeBundle;
import io.jspark.display.RendererRegistry;
import io.jspark.display.monitor.DisplaySink;
import io.jspark.kernel.api.CommManager;
import io.jspark.kernel.api.NotebookRuntime;
import io.jspark.kernel.cell.CellInputStream;
import io.jspark.kernel.cell.CellRequests;
import io.jspark.kernel.protocol.Json;
import io.jspark.kernel.protocol.Message;
import io.jspark.kernel.server.IOPub;
import io.jspark.kernel.spark.SparkRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;

/**
 * The kernel side of the notebook API. Called from cell threads and threads they started; every
 * output goes to iopub addressed to the cell the calling thread works for.
 */
final class KernelRuntime implements NotebookRuntime {
    private final IOPub iopub;
    private final CellRequests requests;
    private final CellInputStream input;
    private final RendererRegistry renderers;
    private final CommManager comms;
    private final java.util.function.Supplier<SparkRuntime> spark;

    KernelRuntime(IOPub iopub, CellRequests requests, CellInputStream input, RendererRegistry renderers, CommManager comms,
            java.util.function.Supplier<SparkRuntime> spark) {
        this.iopub = iopub;
        this.requests = requests;
        this.input = input;
        this.renderers = renderers;
        this.comms = comms;
        this.spark = spark;
    }

    static ObjectNode bundleContent(MimeBundle bundle) {
        ObjectNode content = Json.object();
        content.set("data", Json.toTree(bundle.data()));
        content.set("metadata", Json.toTree(bundle.metadata()));
        return content;
    }

    private Message parent() {
        return requests.current();
    }

    /** display_data and update_display_data content: the bundle, and the display id in transient. */
    private static ObjectNode displayContent(MimeBundle bundle, String displayId) {
        ObjectNode content = bundleContent(bundle);
        content.set("transient", Json.object().put("display_id", displayId));
        return content;
    }

    @Override
    public String display(MimeBundle bundle, String displayId) {
        String id = displayId != null ? displayId : UUID.randomUUID().toString();
        iopub.publish(parent(), "display_data", displayContent(bundle, id));
        return id;
    }

    @Override
    public void updateDisplay(String displayId, MimeBundle bundle) {
        iopub.publish(parent(), "update_display_data", displayContent(bundle, displayId));
    }

    @Override
    public void clearOutput(boolean wait) {
        iopub.publish(parent(), "clear_output", Json.object().put("wait", wait));
    }

    @Override
    public RendererRegistry renderers() {
        return renderers;
    }

    @Override
    public CommManager comms() {
        return comms;
    }

    @Override
    public SparkSession sparkSession() {
        return spark.get().session();
    }

    /** Shows or updates a monitor display under the cell it belongs to, from the display thread or the cell's. */
    DisplaySink monitorSink() {
        return new DisplaySink() {
            @Override
            public void show(String cellId, String displayId, MimeBundle bundle) {
                publishFor(cellId, "display_data", displayId, bundle);
            }

            @Override
            public void update(String cellId, String displayId, MimeBundle bundle) {
                publishFor(cellId, "update_display_data", displayId, bundle);
            }
        };
    }

    private void publishFor(String cellId, String msgType, String displayId, MimeBundle bundle) {
        Message request = requests.requestOf(cellId);
        if (request != null) {
            iopub.publish(request, msgType, displayContent(bundle, displayId));
        }
    }

    @Override
    public String readInput(String prompt, boolean password) {
        try {
            return input.requestLine(prompt, password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
