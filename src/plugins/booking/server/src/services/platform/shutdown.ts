import type { Core } from '@strapi/strapi';
import { bookingService } from '../../utils/plugin';

/**
 * Graceful shutdown on SIGTERM / SIGINT, replacing Strapi's own handler (which destroys every open connection at
 * once, in-flight requests included):
 *   1. readiness turns 503 (the load balancer stops sending) and the listening socket closes (no new connections);
 *      responses still being served carry `Connection: close`, idle keep-alive connections are closed;
 *   2. the job schedule stops and a running job finishes; SSE streams get a `retry:` hint and are closed so the
 *      clients reconnect to another instance;
 *   3. in-flight requests finish, after-commit events are delivered;
 *   4. strapi.destroy() closes the pool: job advisory locks (transaction-scoped) are released with their
 *      connections, LISTEN ends.
 * If all that takes longer than SHUTDOWN_TIMEOUT_MS the process exits with code 1 anyway: an orchestrator's own
 * kill deadline (Kubernetes' terminationGracePeriodSeconds, 30 s by default) must be longer than ours.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let started: Promise<void> | undefined;
  const timeoutMs = () => Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 25_000) || 25_000;

  async function drain(signal: string) {
    const availability = bookingService(strapi, 'availability');
    const began = Date.now();
    availability.beginShutdown();
    strapi.log.info(`[booking:shutdown] ${signal}: draining (${availability.inFlight()} requests in flight, deadline ${timeoutMs()} ms)`);
    const server = strapi.server?.httpServer as (import('node:http').Server & { closeIdleConnections?: () => void }) | undefined;
    const closed = server?.listening ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    server?.closeIdleConnections?.();

    // Streams first: a client told to retry reconnects elsewhere while this instance finishes its work.
    await bookingService(strapi, 'realtime').stop();
    await Promise.all([bookingService(strapi, 'jobs').stop(), availability.idle()]);
    await bookingService(strapi, 'events').settle();
    server?.closeIdleConnections?.();
    // Sockets that still linger (a client holding keep-alive) are destroyed by strapi.destroy below.
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 200))]);
    strapi.log.info(`[booking:shutdown] drained in ${Date.now() - began} ms; closing`);
    await strapi.destroy();
  }

  return {
    /** Replaces Strapi's signal handlers (see above). Called once at bootstrap. */
    install() {
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        process.removeAllListeners(signal);
        process.on(signal, () => void this.shutdown(signal));
      }
    },

    /** Idempotent; resolves when the instance has shut down (then exits the process unless `exit` is false). */
    shutdown(signal = 'shutdown', { exit = true } = {}): Promise<void> {
      if (started) return started;
      const deadline = setTimeout(() => {
        strapi.log.error(`[booking:shutdown] not drained within ${timeoutMs()} ms; exiting`);
        process.exit(1);
      }, timeoutMs());
      deadline.unref();
      started = drain(signal).then(
        () => {
          clearTimeout(deadline);
          if (exit) process.exit(0);
        },
        (error: Error) => {
          strapi.log.error(`[booking:shutdown] failed: ${error.message}`);
          if (exit) process.exit(1);
        },
      );
      return started;
    },
  };
};
