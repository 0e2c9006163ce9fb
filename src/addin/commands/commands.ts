import { strings } from '#browser/strings/index';
import { associateCommand } from '../office/boot';
import { trackItem } from './trackItem';

// No pane to show a failure in: the console is all there is.
void associateCommand('trackItem', (event, office) => void trackItem(event, office)).then((done) => {
  if (!done.ok) console.error(strings.app.startFailed, done.error);
});
