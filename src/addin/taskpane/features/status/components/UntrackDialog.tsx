import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
} from '@fluentui/react-components';
import { strings } from '#browser/strings/index';

export type UntrackDialogProps = {
  open: boolean;
  compose: boolean;
  onConfirm: () => void;
  onCancel: () => void;
};

/** Asks before untracking: untracking is easy to do by mistake and tedious to undo. */
export default function UntrackDialog({ open, compose, onConfirm, onCancel }: UntrackDialogProps) {
  const t = strings.track;
  return (
    <Dialog open={open} modalType="alert" onOpenChange={(_, data) => !data.open && onCancel()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{compose ? t.cancelComposeTitle : t.untrackTitle}</DialogTitle>
          <DialogContent>{compose ? t.cancelComposeBody : t.untrackBody}</DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={onConfirm}>
              {compose ? t.cancelCompose : t.untrackConfirm}
            </Button>
            <Button onClick={onCancel}>{t.cancel}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
