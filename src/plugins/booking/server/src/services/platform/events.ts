import type { Core } from '@strapi/strapi';
import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Effects that must follow a commit (dispatch after payment, and whatever else subscribes) run from these events,
 * so the module that commits never calls the module that reacts: order-lifecycle announces `order.paid`, dispatch
 * listens (subscriptions.ts wires them at bootstrap).
 *
 * Inside a transaction an event is delivered after the outermost transaction commits, and never after a rollback.
 * A handler's failure is logged and never undoes the commit. Delivery is awaited by whoever opened a scope:
 * each booking request (validate middleware) and each job run wait for the events they caused before answering,
 * so a client that gets "paid" back finds the dispatch offer already made.
 */
export interface BookingEvents {
  'order.paid': { order: Record<string, any> };
  'order.cancelled': { order: Record<string, any>; actorType: string };
  'refund.requested': { order: Record<string, any>; refund: Record<string, any> };
}
export type BookingEventName = keyof BookingEvents;
type Handler<E extends BookingEventName> = (payload: BookingEvents[E]) => Promise<unknown> | unknown;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const handlers = new Map<BookingEventName, Array<Handler<any>>>();
  const scopes = new AsyncLocalStorage<Set<Promise<void>>>();
  const inFlight = new Set<Promise<void>>();

  async function deliver<E extends BookingEventName>(name: E, payload: BookingEvents[E]) {
    for (const handler of handlers.get(name) ?? []) {
      try {
        await handler(payload);
      } catch (error) {
        strapi.log.error(`[booking:events] ${name}: ${(error as Error).message}`);
      }
    }
  }

  function start<E extends BookingEventName>(name: E, payload: BookingEvents[E]) {
    const delivery = deliver(name, payload);
    inFlight.add(delivery);
    scopes.getStore()?.add(delivery);
    void delivery.finally(() => inFlight.delete(delivery));
    return delivery;
  }

  async function drain(set: Set<Promise<void>>) {
    while (set.size > 0) {
      const batch = [...set];
      await Promise.allSettled(batch);
      for (const p of batch) set.delete(p);
    }
  }

  return {
    on<E extends BookingEventName>(name: E, handler: Handler<E>) {
      handlers.set(name, [...(handlers.get(name) ?? []), handler]);
    },

    /** Delivers now (and waits) outside a transaction; after the commit inside one. */
    async emit<E extends BookingEventName>(name: E, payload: BookingEvents[E]) {
      if (!strapi.db.inTransaction()) return start(name, payload);
      // A nested transaction call joins the ambient one and hands us its commit hook.
      await strapi.db.transaction(async ({ onCommit }) => onCommit(() => void start(name, payload)));
    },

    /** Runs `fn` and then waits for every event delivery it caused (after-commit ones included). */
    async scope<T>(fn: () => Promise<T>): Promise<T> {
      const mine = new Set<Promise<void>>();
      return scopes.run(mine, async () => {
        try {
          return await fn();
        } finally {
          await drain(mine);
        }
      });
    },

    /** Waits for every delivery in progress (shutdown). */
    settle: () => drain(inFlight),
  };
};
