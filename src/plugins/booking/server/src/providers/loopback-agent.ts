import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';

/**
 * Tencent Cloud SDKs derive the signing service name from the endpoint's first label, so a gateway on loopback has
 * to be addressed by a name like `sms.localhost`. RFC 6761 reserves `.localhost` for loopback, but the system
 * resolver here does not implement that, so such endpoints get an agent that resolves them to 127.0.0.1 itself.
 * Any other endpoint gets no agent (the SDK's default).
 */
export function loopbackAgentFor(endpoint: string, protocol: 'http' | 'https'): http.Agent | undefined {
  const hostname = endpoint.split(':')[0]?.toLowerCase() ?? '';
  if (hostname !== 'localhost' && !hostname.endsWith('.localhost')) return undefined;
  const lookup = ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
    else callback(null, '127.0.0.1', 4);
  }) as unknown as LookupFunction;
  return protocol === 'https' ? new https.Agent({ lookup }) : new http.Agent({ lookup });
}
