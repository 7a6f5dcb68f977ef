// A page built from JupyterLab 4's own packages: @jupyterlab/services talks to the Jupyter server and the
// kernel, @jupyterlab/outputarea shows each cell's outputs as Lab's notebook does (display ids,
// update_display_data, clear_output), @jupyterlab/rendermime renders them with Lab's default renderers and
// sanitizer. Driven by lab_views_test.mjs through window.labBench.
import { KernelManager, ServerConnection } from '@jupyterlab/services';
import { RenderMimeRegistry, standardRendererFactories } from '@jupyterlab/rendermime';
import { Sanitizer } from '@jupyterlab/apputils';
import { OutputArea, OutputAreaModel } from '@jupyterlab/outputarea';
import { Widget } from '@lumino/widgets';

const params = new URLSearchParams(location.search);
const serverSettings = ServerConnection.makeSettings({ baseUrl: `${location.origin}/`, token: params.get('token') });
const rendermime = new RenderMimeRegistry({ initialFactories: standardRendererFactories, sanitizer: new Sanitizer() });
const cells = document.getElementById('cells');
const areas = [];
let kernel = null;

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
    return kernel.id;
  },

  /** Runs one cell as Lab's notebook does; resolves with the execute_reply's status. */
  async execute(index, code) {
    const area = newArea(index, true);
    area.future = kernel.requestExecute({ code, stop_on_error: true });
    const reply = await area.future.done;
    return reply.content.status;
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
