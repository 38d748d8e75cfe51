import { Alert, Badge, Box, Typography } from '@strapi/design-system';
import type { ReactNode } from 'react';

/** A failed load or action, always on screen (never only in the console). */
export const Failure = ({ error, title = '出错了' }: { error: string | null | undefined; title?: string }) =>
  error ? (
    <Box paddingBottom={4}>
      <Alert variant="danger" title={title} closeLabel="关闭" role="alert">
        {error}
      </Alert>
    </Box>
  ) : null;

export const Muted = ({ children }: { children: ReactNode }) => <Typography textColor="neutral600">{children}</Typography>;

const TONES: Record<string, [string, string]> = {
  success: ['success100', 'success700'],
  danger: ['danger100', 'danger700'],
  warning: ['warning100', 'warning700'],
  neutral: ['neutral150', 'neutral700'],
  primary: ['primary100', 'primary700'],
};

export const Tag = ({ tone = 'neutral', children }: { tone?: keyof typeof TONES; children: ReactNode }) => (
  <Badge backgroundColor={TONES[tone][0]} textColor={TONES[tone][1]}>
    {children}
  </Badge>
);

/** Label / value pairs of a detail view. */
export const Facts = ({ items }: { items: Array<[string, ReactNode]> }) => (
  <Box tag="dl" style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 16, rowGap: 8 }}>
    {items.map(([k, v]) => [
      <Typography key={`${k}-k`} tag="dt" variant="sigma" textColor="neutral600">
        {k}
      </Typography>,
      <Typography key={`${k}-v`} tag="dd" style={{ margin: 0 }}>
        {v}
      </Typography>,
    ])}
  </Box>
);

export const Section = ({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) => (
  <Box paddingTop={6}>
    <Box paddingBottom={3} style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
      <Typography variant="delta" tag="h3">
        {title}
      </Typography>
      {actions}
    </Box>
    {children}
  </Box>
);
