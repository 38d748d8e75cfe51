import { useState, type ReactNode } from 'react';
import { Alert, Box, Button, Flex, Modal, Typography } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { errorMessage } from '../lib/api';

/**
 * Every operator action goes through this dialog: it says what will happen, collects the note or reason, and
 * stays open with the server's message when the action fails. `danger` marks the destructive ones.
 */
export function ActionDialog({
  trigger,
  title,
  description,
  confirmLabel,
  danger,
  disabled,
  canSubmit = true,
  onConfirm,
  success,
  children,
  size = 'S',
  triggerVariant,
}: {
  trigger: string;
  title: string;
  description?: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  disabled?: boolean;
  canSubmit?: boolean;
  onConfirm: () => Promise<unknown>;
  success: string;
  children?: ReactNode;
  size?: 'S' | 'M';
  triggerVariant?: 'default' | 'secondary' | 'tertiary' | 'danger' | 'danger-light' | 'success-light';
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { toggleNotification } = useNotification();

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      setOpen(false);
      toggleNotification({ type: 'success', message: success });
    } catch (e) {
      // Shown in the dialog, which stays open so the operator can correct and retry.
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal.Root
      open={open}
      onOpenChange={(next: boolean) => {
        setOpen(next);
        if (!next) setError(null);
      }}
    >
      <Modal.Trigger>
        <Button size={size} variant={triggerVariant ?? (danger ? 'danger-light' : 'secondary')} disabled={disabled} onClick={(e: any) => e.stopPropagation()}>
          {trigger}
        </Button>
      </Modal.Trigger>
      <Modal.Content onClick={(e: any) => e.stopPropagation()}>
        <Modal.Header closeLabel="关闭">
          <Modal.Title>{title}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            {description ? <Typography>{description}</Typography> : null}
            {children}
            {error ? (
              <Alert variant="danger" title="操作失败" closeLabel="关闭" role="alert" onClose={() => setError(null)}>
                {error}
              </Alert>
            ) : null}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">取消</Button>
          </Modal.Close>
          <Box>
            <Button variant={danger ? 'danger' : 'default'} loading={busy} disabled={!canSubmit || busy} onClick={() => void submit()}>
              {confirmLabel}
            </Button>
          </Box>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
}
