package io.jspark.kernel.widgets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jspark.kernel.api.CommManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The comm messages of the widgets, as ipywidgets' managers (7 and 8) expect them. */
class ControlsTest {
    private record Sent(String type, Map<String, Object> content, Map<String, Object> metadata) {
        @SuppressWarnings("unchecked")
        Map<String, Object> data() {
            return (Map<String, Object>) content.get("data");
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> state() {
            return (Map<String, Object>) data().get("state");
        }
    }

    private final List<Sent> sent = new ArrayList<>();
    private final CommManager comms = new CommManager((type, content, metadata) -> sent.add(new Sent(type, content, metadata)));

    private Sent opened(String modelName) {
        return sent.stream().filter(s -> s.type().equals("comm_open") && modelName.equals(s.state().get("_model_name")))
                .findFirst().orElseThrow();
    }

    @Test
    void aButtonOpensItsLayoutAndStyleFirstWithProtocol21AndTheControls2Models() {
        Controls.Button button = new Controls(comms, WidgetProtocol.IPYWIDGETS_8).button("Cancel job 3", "count at line 1", "warning");
        assertEquals(List.of("comm_open", "comm_open", "comm_open"), sent.stream().map(Sent::type).toList());
        for (Sent open : sent) {
            assertEquals("jupyter.widget", open.content().get("target_name"));
            assertEquals(Map.of("version", "2.1.0"), open.metadata());
            assertEquals(List.of(), open.data().get("buffer_paths"));
        }
        Map<String, Object> state = opened("ButtonModel").state();
        assertEquals("@jupyter-widgets/controls", state.get("_model_module"));
        assertEquals("2.0.0", state.get("_model_module_version"));
        assertEquals("ButtonView", state.get("_view_name"));
        assertEquals("Cancel job 3", state.get("description"));
        assertEquals("count at line 1", state.get("tooltip"));
        assertEquals("warning", state.get("button_style"));
        assertEquals("IPY_MODEL_" + opened("LayoutModel").content().get("comm_id"), state.get("layout"));
        assertEquals("IPY_MODEL_" + opened("ButtonStyleModel").content().get("comm_id"), state.get("style"));
        assertEquals("@jupyter-widgets/base", opened("LayoutModel").state().get("_model_module"));
        assertEquals("StyleView", opened("ButtonStyleModel").state().get("_view_name"));
        assertEquals(button.model().id(), sent.get(2).content().get("comm_id"), "the button comes after its parts");
    }

    @Test
    void ipywidgets7GetsProtocol20AndItsModelVersions() {
        Controls controls = new Controls(comms, WidgetProtocol.IPYWIDGETS_7);
        Controls.Box row = controls.wrappingRow("row");
        controls.button("b", "", "");
        assertTrue(sent.stream().allMatch(s -> s.metadata().equals(Map.of("version", "2.0.0"))));
        assertEquals("1.5.0", opened("HBoxModel").state().get("_model_module_version"));
        assertEquals("1.5.0", opened("ButtonModel").state().get("_view_module_version"));
        assertEquals("1.2.0", opened("LayoutModel").state().get("_model_module_version"));
        assertEquals("1.2.0", opened("ButtonStyleModel").state().get("_view_module_version"));
        assertEquals(Map.of("model_id", row.model().id(), "version_major", 2, "version_minor", 0), controls.viewData(row.model()));
    }

    @Test
    void changesSendOnlyWhatChangedAndNothingOnceClosed() {
        Controls controls = new Controls(comms, WidgetProtocol.IPYWIDGETS_8);
        Controls.Box row = controls.wrappingRow("row");
        Controls.Button button = controls.button("b", "", "");
        sent.clear();
        row.setChildren(List.of(button.model()));
        row.setChildren(List.of(button.model()));
        assertEquals(1, sent.size(), "the same children twice send one update");
        assertEquals(Map.of("method", "update", "state", Map.of("children", List.of(button.model().reference())),
                "buffer_paths", List.of()), sent.get(0).data());
        button.close();
        assertEquals(3, sent.stream().filter(s -> s.type().equals("comm_close")).count(), "the button, its layout and style");
        sent.clear();
        button.model().set(Map.of("disabled", true));
        assertEquals(List.of(), sent);
    }

    @Test
    void aFrontendGetsTheWholeStateOnRequestAndItsClicksReachTheHandler() {
        Controls.Button button = new Controls(comms, WidgetProtocol.IPYWIDGETS_8).button("b", "", "");
        button.model().set(Map.of("disabled", true));
        List<Object> clicks = new ArrayList<>();
        button.model().onCustom(content -> clicks.add(content.get("event")));
        sent.clear();
        comms.frontendMessage(button.model().id(), Map.of("method", "request_state"));
        Map<?, ?> state = (Map<?, ?>) sent.get(0).data().get("state");
        assertEquals(true, state.get("disabled"));
        assertEquals("ButtonModel", state.get("_model_name"));
        comms.frontendMessage(button.model().id(), Map.of("method", "custom", "content", Map.of("event", "click")));
        comms.frontendMessage(button.model().id(), Map.of("method", "update", "state", Map.of("description", "x")));
        assertEquals(List.of("click"), clicks);
        assertEquals("x", button.model().get("description"));
    }
}
