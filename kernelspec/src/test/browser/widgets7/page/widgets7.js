// A page with ipywidgets 7's widget models and views (@jupyter-widgets/base 4 with its ManagerBase,
// @jupyter-widgets/controls 3: models 1.2.0 and 1.5.0, protocol 2.0), connected to a kernel through
// @jupyterlab/services as ipywidgets 7's own kernel-backed managers are: its manager checks each
// comm_open's protocol version and each model's module and version as those do. Cells' outputs are
// shown as text, widget views as the manager renders them. Driven by widgets7_test.mjs through window.widgets7.
import './jquery-global.js';
import './jquery-ui-parts.js';
import { KernelManager, ServerConnection } from '@jupyterlab/services';
import { Widget } from '@lumino/widgets';
import * as base from 'widgets7-controls/node_modules/@jupyter-widgets/base';
import * as controls from 'widgets7-controls';
import 'widgets7-controls/css/widgets-base.css';

const WIDGET_VIEW = 'application/vnd.jupyter.widget-view+json';
const MODULES = {
  '@jupyter-widgets/base': [base, base.JUPYTER_WIDGETS_VERSION],
  '@jupyter-widgets/controls': [controls, controls.JUPYTER_CONTROLS_VERSION],
};

/** A model asks for module version x.y.z; ipywidgets 7's registry serves a version of the same major, not older. */
function compatible(served, wanted) {
  const [a, b] = [served, wanted].map((v) => v.split('.').map(Number));
  return a[0] === b[0] && (a[1] > b[1] || (a[1] === b[1] && a[2] >= b[2]));
}

class Widgets7Manager extends base.ManagerBase {
  constructor(kernel) {
    super();
    this.kernel = kernel;
    this.errors = [];
    kernel.registerCommTarget('jupyter.widget', (comm, msg) => {
      this.handle_comm_open(new base.shims.services.Comm(comm), msg).catch((e) => this.errors.push(String(e)));
    });
  }

  async loadClass(className, moduleName, moduleVersion) {
    const [module, served] = MODULES[moduleName] || [];
    if (!module || !compatible(served, moduleVersion)) {
      throw new Error(`ipywidgets 7 has no ${moduleName} ${moduleVersion} (it has ${served})`);
    }
    if (!module[className]) throw new Error(`${moduleName} has no ${className}`);
    return module[className];
  }

  async _create_comm(targetName, modelId, data, metadata, buffers) {
    const comm = this.kernel.createComm(targetName, modelId);
    if (data || metadata) comm.open(data, metadata, buffers);
    return new base.shims.services.Comm(comm);
  }

  async _get_comm_info() {
    return (await this.kernel.requestCommInfo({ target_name: 'jupyter.widget' })).content.comms;
  }

  async display_view(msg, view) {
    return view;
  }
}

const params = new URLSearchParams(location.search);
const serverSettings = ServerConnection.makeSettings({ baseUrl: `${location.origin}/`, token: params.get('token') });
let kernel = null;
let manager = null;
const opened = new Set();

/** Shows an output: a widget view through the manager, anything else as its text. */
async function show(cell, msg) {
  const type = msg.header.msg_type;
  if (type === 'stream') {
    cell.append(msg.content.text);
  } else if (type === 'display_data' || type === 'update_display_data') {
    const id = msg.content.transient?.display_id;
    let holder = id && cell.querySelector(`[data-display="${id}"]`);
    if (!holder) {
      if (type === 'update_display_data') return;
      holder = document.createElement('div');
      holder.dataset.display = id || '';
      cell.appendChild(holder);
    }
    holder.replaceChildren();
    const view = msg.content.data[WIDGET_VIEW];
    if (view) {
      const model = await manager.get_model(view.model_id);
      Widget.attach((await manager.create_view(model)).pWidget, holder);
    } else {
      holder.textContent = msg.content.data['text/plain'] ?? '';
    }
  }
}

window.widgets7 = {
  async start(kernelName) {
    kernel = await new KernelManager({ serverSettings }).startNew({ name: kernelName });
    await kernel.info;
    manager = new Widgets7Manager(kernel);
    kernel.iopubMessage.connect((_, msg) => {
      if (msg.header.msg_type === 'comm_open' && msg.content.target_name === 'jupyter.widget') opened.add(msg.content.comm_id);
    });
  },

  /** Starts a cell; finish() resolves with its reply's status. */
  begin(code) {
    const cell = document.createElement('div');
    cell.className = 'cell';
    document.getElementById('cells').appendChild(cell);
    const future = kernel.requestExecute({ code });
    const shown = [];
    future.onIOPub = (msg) => { shown.push(show(cell, msg).catch((e) => manager.errors.push(String(e)))); };
    this.running = future.done.then(async (reply) => { await Promise.all(shown); return reply.content.status; });
  },

  async finish() {
    return this.running;
  },

  /** The models the kernel opened, those the manager still holds, and what went wrong in it. */
  state() {
    return { opened: [...opened], held: [...opened].filter((id) => manager.has_model(id)), errors: manager.errors };
  },

  async shutdown() {
    if (kernel) {
      await kernel.shutdown();
      kernel = null;
    }
  },
};
document.body.dataset.ready = 'true';
