import type { ReactNode } from 'react';
import { Box, Flex, IconButton, Portal, Typography } from '@strapi/design-system';
import { Cross } from '@strapi/icons';

/** A panel from the right over the list (the list stays visible and keeps updating behind it). */
export function Drawer({ title, onClose, children, label }: { title: ReactNode; onClose: () => void; children: ReactNode; label: string }) {
  return (
    <Portal>
      <Box position="fixed" top={0} left={0} right={0} bottom={0} background="neutral800" style={{ opacity: 0.3, zIndex: 250 }} onClick={onClose} />
      <Box
        role="dialog"
        aria-label={label}
        position="fixed"
        top={0}
        right={0}
        bottom={0}
        background="neutral100"
        shadow="popupShadow"
        style={{ width: 'min(760px, 92vw)', zIndex: 251, overflowY: 'auto' }}
      >
        <Flex justifyContent="space-between" alignItems="center" padding={6} background="neutral0" style={{ position: 'sticky', top: 0, zIndex: 1 }}>
          <Typography variant="beta" tag="h2">
            {title}
          </Typography>
          <IconButton label="关闭" onClick={onClose} variant="ghost">
            <Cross />
          </IconButton>
        </Flex>
        <Box paddingLeft={6} paddingRight={6} paddingBottom={8}>
          {children}
        </Box>
      </Box>
    </Portal>
  );
}
