import { Button, DotLoading, ErrorBlock } from 'antd-mobile';
import type { ReactNode } from 'react';
import type { Loaded } from '../lib/use-load';

export function Loading({ text = '加载中' }: { text?: string }) {
  return (
    <div className="state" role="status" aria-live="polite">
      <DotLoading color="primary" />
      <span>{text}</span>
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  return (
    <div className="state" role="alert">
      <ErrorBlock status="default" title="加载失败" description={error.message} />
      {onRetry && (
        <Button size="small" color="primary" fill="outline" onClick={onRetry}>
          重试
        </Button>
      )}
    </div>
  );
}

export function EmptyState({ title, description, action }: { title: string; description?: string; action?: ReactNode }) {
  return (
    <div className="state">
      <ErrorBlock status="empty" title={title} description={description ?? ''} />
      {action}
    </div>
  );
}

/** Loading, error (with retry) and empty states in one place, so every list and detail behaves alike. */
export function Loadable<T>({
  state,
  empty,
  children,
}: {
  state: Loaded<T>;
  empty?: { when: (data: T) => boolean; title: string; description?: string; action?: ReactNode };
  children: (data: T) => ReactNode;
}) {
  if (state.data === undefined && state.loading) return <Loading />;
  if (state.data === undefined && state.error) return <ErrorState error={state.error} onRetry={state.reload} />;
  if (state.data === undefined) return <Loading />;
  if (empty && empty.when(state.data)) return <EmptyState title={empty.title} description={empty.description} action={empty.action} />;
  return <>{children(state.data)}</>;
}
