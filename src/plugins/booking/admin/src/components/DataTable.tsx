import type { ReactNode } from 'react';
import { Box, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';

export interface Column<T> {
  label: string;
  render: (row: T) => ReactNode;
}

/** A plain table of rows; `rowKey` also lands on the row as data-key so tests and people can find it. */
export function DataTable<T>({ rows, columns, rowKey, label, empty }: { rows: T[]; columns: Column<T>[]; rowKey: (row: T) => string; label: string; empty: string }) {
  if (rows.length === 0) {
    return (
      <Box padding={4}>
        <Typography textColor="neutral600">{empty}</Typography>
      </Box>
    );
  }
  return (
    <Table colCount={columns.length} rowCount={rows.length + 1} aria-label={label}>
      <Thead>
        <Tr>
          {columns.map((c) => (
            <Th key={c.label}>
              <Typography variant="sigma">{c.label}</Typography>
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((row) => (
          <Tr key={rowKey(row)} data-key={rowKey(row)}>
            {columns.map((c) => (
              <Td key={c.label}>{c.render(row)}</Td>
            ))}
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
