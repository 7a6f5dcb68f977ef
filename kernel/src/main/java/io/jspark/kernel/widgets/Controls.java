package io.jspark.kernel.widgets;

import io.jspark.kernel.api.CommManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Opens the standard widget models of {@code @jupyter-widgets/controls} that the kernel's own
 * displays use, with their layout and style models as ipywidgets creates them. Frontends fill in
 * the defaults of what the state leaves out.
 */
public final class Controls {
    private static final String BASE = "@jupyter-widgets/base";
    private static final String CONTROLS = "@jupyter-widgets/controls";

    private final CommManager comms;
    private final WidgetProtocol protocol;

    public Controls(CommManager comms, WidgetProtocol protocol) {
        this.comms = comms;
        this.protocol = protocol;
    }

    public WidgetProtocol protocol() {
        return protocol;
    }

    /** A button; {@code style} is one of ipywidgets' button styles ("", "primary", "warning", "danger", ...). */
    public Button button(String description, String tooltip, String style) {
        Widget layout = layout(Map.of());
        Widget buttonStyle = open(model(CONTROLS, protocol.controlsVersion(), "ButtonStyleModel", BASE, protocol.baseVersion(), "StyleView"));
        Map<String, Object> state = model(CONTROLS, protocol.controlsVersion(), "ButtonModel", CONTROLS, protocol.controlsVersion(), "ButtonView");
        state.put("_dom_classes", List.of());
        state.put("button_style", style);
        state.put("description", description);
        state.put("disabled", false);
        state.put("icon", "");
        state.put("tooltip", tooltip);
        state.put("layout", layout.reference());
        state.put("style", buttonStyle.reference());
        return new Button(open(state), List.of(layout, buttonStyle));
    }

    /** A row of widgets that wraps onto more lines when it is wider than the output area. */
    public Box wrappingRow(String domClass) {
        Widget layout = layout(Map.of("flex_flow", "row wrap", "align_items", "center"));
        Map<String, Object> state = model(CONTROLS, protocol.controlsVersion(), "HBoxModel", CONTROLS, protocol.controlsVersion(), "HBoxView");
        state.put("_dom_classes", List.of(domClass));
        state.put("box_style", "");
        state.put("children", List.of());
        state.put("layout", layout.reference());
        return new Box(open(state), layout);
    }

    /** The MIME data of a display that shows the widget. */
    public Map<String, Object> viewData(Widget widget) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("model_id", widget.id());
        view.put("version_major", protocol.major());
        view.put("version_minor", 0);
        return view;
    }

    private Widget layout(Map<String, Object> settings) {
        Map<String, Object> state = model(BASE, protocol.baseVersion(), "LayoutModel", BASE, protocol.baseVersion(), "LayoutView");
        state.putAll(settings);
        return open(state);
    }

    private Widget open(Map<String, Object> state) {
        return Widget.open(comms, protocol, state);
    }

    private static Map<String, Object> model(String module, String version, String name, String viewModule,
            String viewVersion, String viewName) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("_model_module", module);
        state.put("_model_module_version", version);
        state.put("_model_name", name);
        state.put("_view_count", null);
        state.put("_view_module", viewModule);
        state.put("_view_module_version", viewVersion);
        state.put("_view_name", viewName);
        return state;
    }

    /** A button and the layout and style models only it uses; closed together. */
    public record Button(Widget model, List<Widget> parts) {
        public void close() {
            model.close();
            parts.forEach(Widget::close);
        }
    }

    /** A box whose children are set as a whole; closing it closes its layout, not its children. */
    public record Box(Widget model, Widget layout) {
        public void setChildren(List<Widget> children) {
            List<String> references = new ArrayList<>();
            children.forEach(child -> references.add(child.reference()));
            model.set(Map.of("children", references));
        }

        public void close() {
            model.close();
            layout.close();
        }
    }
}
