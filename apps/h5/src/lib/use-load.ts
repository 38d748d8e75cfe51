import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => Promise<void>;
  /** Replace the data in place (after an action answered the new state). */
  set: (value: T) => void;
}

/** Loads on mount and whenever `deps` change; the latest call wins, so a slow old answer never overwrites a new one. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);
  const loader = useRef(load);
  loader.current = load;

  const reload = useCallback(async () => {
    const call = ++latest.current;
    setLoading(true);
    try {
      const value = await loader.current();
      if (call === latest.current) {
        setData(value);
        setError(undefined);
      }
    } catch (e) {
      if (call === latest.current) setError(e as Error);
    } finally {
      if (call === latest.current) setLoading(false);
    }
  }, []);

  // `deps` are the caller's: reload whenever they change (the loader itself is read from a ref).
  useEffect(() => {
    void reload();
  }, deps);

  return { data, error, loading, reload, set: setData };
}
