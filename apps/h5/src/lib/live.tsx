import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { buildUrl, session } from '../api';
import { useAuth } from './auth';

/**
 * One server-sent-events stream per signed-in page (GET /api/booking/me/events). EventSource cannot send headers,
 * so the token goes in the query string (the server keeps it out of its logs). The browser reconnects by itself;
 * every (re)connect starts with a `ready` frame, on which screens refetch what they show.
 */
export interface LiveNotification {
  id: number;
  kind: string;
  title: string;
  orderId: number | null;
  orderNo: string | null;
  status: string | null;
  createdAt: string;
}

type Listener = (kind: string, data: any) => void;

interface LiveState {
  connected: boolean;
  unread: number;
  subscribe: (listener: Listener) => () => void;
}

const LiveContext = createContext<LiveState>({ connected: false, unread: 0, subscribe: () => () => undefined });

export function LiveProvider({ children }: { children: ReactNode }) {
  const { me } = useAuth();
  const [connected, setConnected] = useState(false);
  const [unread, setUnread] = useState(0);
  const listeners = useRef(new Set<Listener>());

  useEffect(() => {
    const token = session.token();
    if (!me || !token || typeof EventSource === 'undefined') return;
    const source = new EventSource(buildUrl('/booking/me/events', { access_token: token }));
    const emit = (kind: string) => (event: MessageEvent) => {
      let data: any = null;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      if (typeof data?.unreadCount === 'number') setUnread(data.unreadCount);
      if (kind === 'ready') setConnected(true);
      for (const listener of listeners.current) listener(kind, data);
    };
    for (const kind of ['ready', 'notification', 'unread_count', 'resync']) source.addEventListener(kind, emit(kind));
    source.onerror = () => setConnected(false);
    return () => {
      source.close();
      setConnected(false);
    };
  }, [me?.id]);

  const subscribe = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);
  const value = useMemo<LiveState>(() => ({ connected, unread, subscribe }), [connected, unread, subscribe]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export const useLive = () => useContext(LiveContext);

/** Calls `onEvent` for every live frame while the component is mounted. */
export function useLiveEvents(onEvent: Listener) {
  const { subscribe } = useLive();
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => subscribe((kind, data) => handler.current(kind, data)), [subscribe]);
}
