// jQuery UI, which ipywidgets 7's sliders use, finds jQuery as a global, as webpack's ProvidePlugin gave it.
import jQuery from 'jquery';

window.jQuery = jQuery;
window.$ = jQuery;
