// A page built from JupyterLab 4's own packages: @jupyterlab/services talks to the Jupyter server and the
// kernel, @jupyterlab/outputarea shows each cell's outputs as Lab's notebook does (display ids,
// update_display_data, clear_output), @jupyterlab/rendermime renders them with Lab's default renderers and
// sanitizer, and ipywidgets 8's widget manager for a kernel (@jupyter-widgets/jupyterlab-manager, as Lab's
// notebook uses it) renders widget views with @jupyter-widgets/base and controls. Driven by
// lab_views_test.mjs through window.labBench.
import { KernelManager, ServerConnection } from '@jupyterlab/services';
import { RenderMimeRegistry, standardRendererFactories } from '@jupyterlab/rendermime';
import { Sanitizer } from '@jupyterlab/apputils';
import { OutputArea, OutputAreaModel } from '@jupyterlab/outputarea';
import { Widget } from '@lumino/widgets';
import { KernelWidgetManager, WidgetRenderer } from '@jupyter-widgets/jupyterlab-manager';
import * as base from '@jupyter-widgets/base';
import * as controls from '@jupyter-widgets/controls';
import { JUPYTER_CONTROLS_VERSION } from '@jupyter-widgets/controls/lib/version';

const WIDGET_VIEW_MIMETYPE = 'application/vnd.jupyter.widget-view+json';

const params = new URLSearchParams(location.search);
const serverSettings = ServerConnection.makeSettings({ baseUrl: `${location.origin}/`, token: params.get('token') });
const rendermime = new RenderMimeRegistry({ initialFactories: standardRendererFactories, sanitizer: new Sanitizer() });
const cells = document.getElementById('cells');
const areas = [];
let kernel = null;
let widgets = null;
const openedModels = new Set();

/** A widget manager for the kernel, with the base and controls models, as Lab's plugins register them. */
function manageWidgets() {
  widgets?.dispose();
  widgets = new KernelWidgetManager(kernel, rendermime);
  widgets.register({ name: '@jupyter-widgets/base', version: base.JUPYTER_WIDGETS_VERSION, exports: base });
  widgets.register({ name: '@jupyter-widgets/controls', version: JUPYTER_CONTROLS_VERSION, exports: controls });
  rendermime.removeMimeType(WIDGET_VIEW_MIMETYPE);
  rendermime.addFactory({ safe: false, mimeTypes: [WIDGET_VIEW_MIMETYPE], createRenderer: (options) => new WidgetRenderer(options, widgets) }, -10);
}

/** One cell's output area, attached to the page like a notebook cell's. */
function newArea(index, trusted) {
  const holder = document.createElement('div');
  holder.className = 'lab-bench-cell';
  holder.dataset.cell = String(index);
  cells.appendChild(holder);
  const area = new OutputArea({ model: new OutputAreaModel({ trusted }), rendermime });
  Widget.attach(area, holder);
  areas.push(area);
  return area;
}

window.labBench = {
  async start(kernelName) {
    const kernels = new KernelManager({ serverSettings });
    kernel = await kernels.startNew({ name: kernelName });
    await kernel.info;
    manageWidgets();
    kernel.iopubMessage.connect((_, msg) => {
      if (msg.header.msg_type === 'comm_open' && msg.content.target_name === 'jupyter.widget') openedModels.add(msg.content.comm_id);
    });
    return kernel.id;
  },

  /** Runs one cell as Lab's notebook does; resolves with the execute_reply's status. */
  async execute(index, code) {
    const area = newArea(index, true);
    area.future = kernel.requestExecute({ code, stop_on_error: true });
    const reply = await area.future.done;
    return reply.content.status;
  },

  /** Starts a cell without waiting for it; {@link finish} waits for its reply's status. */
  begin(index, code) {
    this.running = this.execute(index, code);
  },

  async finish() {
    return this.running;
  },

  /** The widget models the kernel opened, and of them those the manager still holds. */
  widgetModels() {
    return { opened: [...openedModels], held: [...openedModels].filter((id) => widgets.has_model(id)) };
  },

  /** Shows a saved cell's outputs as Lab shows a notebook it does not trust. */
  showSaved(index, outputs) {
    newArea(index, false).model.fromJSON(outputs);
  },

  /** Switches between Lab's light and dark theme variables, as Lab's theme menu does. */
  async theme(name) {
    const old = document.getElementById('theme');
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = `theme-${name}.css`;
    const loaded = new Promise((resolve, reject) => { link.onload = resolve; link.onerror = reject; });
    old.after(link);
    await loaded;
    old.remove();
    link.id = 'theme';
  },

  /** Every cell's outputs as Lab saves them in the notebook file. */
  saved() {
    return areas.map((area) => area.model.toJSON());
  },

  clear() {
    areas.splice(0).forEach((area) => area.dispose());
    cells.replaceChildren();
  },

  async shutdown() {
    if (kernel) {
      await kernel.shutdown();
      kernel = null;
    }
  },
};
document.body.dataset.ready = 'true';
