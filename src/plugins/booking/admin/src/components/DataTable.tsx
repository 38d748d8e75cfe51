import type { ReactNode } from 'react';
import { Box, Button, Flex, Loader, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import type { Pagination } from '../lib/api';

export interface Column<T> {
  label: string;
  render: (row: T) => ReactNode;
  width?: string;
  /** Long text (descriptions, reasons) wraps; everything else stays on one line. */
  wrap?: boolean;
}

/**
 * A table of one server page. `rowKey` also lands on the row as data-key so tests and people can find it;
 * `onRowClick` opens a row's detail; `rowTone` highlights rows (overdue complaints, expiring offers).
 */
export function DataTable<T>({
  rows,
  columns,
  rowKey,
  label,
  empty,
  loading,
  onRowClick,
  rowTone,
}: {
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  label: string;
  empty: string;
  loading?: boolean;
  onRowClick?: (row: T) => void;
  rowTone?: (row: T) => 'danger' | 'warning' | undefined;
}) {
  if (loading && rows.length === 0) {
    return (
      <Flex justifyContent="center" padding={8}>
        <Loader small>加载中</Loader>
      </Flex>
    );
  }
  if (rows.length === 0) {
    return (
      <Box padding={6} background="neutral0" hasRadius shadow="tableShadow">
        <Typography textColor="neutral600">{empty}</Typography>
      </Box>
    );
  }
  return (
    <Table colCount={columns.length} rowCount={rows.length + 1} aria-label={label}>
      <Thead>
        <Tr>
          {columns.map((c) => (
            <Th key={c.label} width={c.width}>
              <Typography variant="sigma">{c.label}</Typography>
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((row) => {
          const tone = rowTone?.(row);
          return (
            <Tr
              key={rowKey(row)}
              data-key={rowKey(row)}
              data-tone={tone}
              onClick={onRowClick ? () => onRowClick(row) : undefined}
              style={{
                cursor: onRowClick ? 'pointer' : undefined,
                background: tone === 'danger' ? 'var(--booking-danger-bg, #fcecea)' : tone === 'warning' ? '#fdf4dc' : undefined,
              }}
            >
              {columns.map((c) => (
                <Td key={c.label} style={{ whiteSpace: c.wrap ? 'normal' : 'nowrap', maxWidth: c.wrap ? 360 : undefined }}>
                  {c.render(row)}
                </Td>
              ))}
            </Tr>
          );
        })}
      </Tbody>
    </Table>
  );
}

/** Server paging: previous / next and where we are. */
export function Pager({ pagination, page, onPage }: { pagination: Pagination | null; page: number; onPage: (page: number) => void }) {
  if (!pagination) return null;
  const pageCount = Math.max(1, pagination.pageCount ?? Math.ceil(pagination.total / pagination.pageSize));
  return (
    <Flex justifyContent="space-between" paddingTop={4} aria-label="分页">
      <Typography textColor="neutral600">
        共 {pagination.total} 条 · 第 {Math.min(page, pageCount)} / {pageCount} 页
      </Typography>
      <Flex gap={2}>
        <Button variant="tertiary" size="S" disabled={page <= 1} onClick={() => onPage(page - 1)}>
          上一页
        </Button>
        <Button variant="tertiary" size="S" disabled={page >= pageCount} onClick={() => onPage(page + 1)}>
          下一页
        </Button>
      </Flex>
    </Flex>
  );
}
