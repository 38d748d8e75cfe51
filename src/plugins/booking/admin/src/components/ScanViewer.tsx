import { useState } from 'react';
import { Box, Button, Flex, Modal, Typography } from '@strapi/design-system';
import { useScanUrl, type ScanFile } from '../lib/scans';

/** A thumbnail that opens the scan large, with zoom, so an auditor can read the small print of a certificate. */
export function ScanViewer({ file, label }: { file: ScanFile | null; label: string }) {
  const [zoom, setZoom] = useState(1);
  const { url, error } = useScanUrl(file);
  if (!file || error) {
    return (
      <Box padding={4} background="neutral150" hasRadius style={{ width: 180, height: 120, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
        <Typography textColor="neutral600">{file ? `${label}无法读取` : `未上传${label}`}</Typography>
      </Box>
    );
  }
  if (!url) {
    return (
      <Box padding={4} background="neutral150" hasRadius style={{ width: 180, height: 120, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
        <Typography textColor="neutral600">正在加载{label}…</Typography>
      </Box>
    );
  }
  return (
    <Modal.Root onOpenChange={() => setZoom(1)}>
      <Modal.Trigger>
        <Box
          tag="button"
          type="button"
          aria-label={`查看${label}`}
          padding={1}
          background="neutral0"
          hasRadius
          borderColor="neutral200"
          style={{ cursor: 'zoom-in' }}
        >
          <img src={url} alt={label} style={{ width: 180, height: 120, objectFit: 'cover', display: 'block', borderRadius: 4 }} />
          <Typography variant="pi" textColor="neutral600">
            {label}
          </Typography>
        </Box>
      </Modal.Trigger>
      <Modal.Content style={{ width: 'min(1100px, 96vw)', maxWidth: 'none' }}>
        <Modal.Header closeLabel="关闭">
          <Modal.Title>{label}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex gap={2} paddingBottom={3}>
            <Button variant="tertiary" size="S" onClick={() => setZoom((z) => Math.max(0.5, z - 0.5))}>
              缩小
            </Button>
            <Typography aria-live="polite">{Math.round(zoom * 100)}%</Typography>
            <Button variant="tertiary" size="S" onClick={() => setZoom((z) => Math.min(4, z + 0.5))}>
              放大
            </Button>
            <Button variant="tertiary" size="S" onClick={() => setZoom(1)}>
              适应窗口
            </Button>
          </Flex>
          <Box style={{ overflow: 'auto', maxHeight: '70vh' }}>
            <img src={url} alt={`${label}（大图）`} style={{ width: `${zoom * 100}%`, display: 'block' }} />
          </Box>
        </Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
}
