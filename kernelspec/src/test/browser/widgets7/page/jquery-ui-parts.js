// What jQuery UI's slider needs before it, in order: bundlers without AMD do not load its dependencies for it.
import 'jquery-ui/ui/version';
import 'jquery-ui/ui/widget';
import 'jquery-ui/ui/keycode';
import 'jquery-ui/ui/widgets/mouse';
