// Webhook URLs are not an SSRF hole. Live-mode endpoints must be https and must not resolve to
// loopback, private, link-local, multicast or otherwise reserved addresses (unless
// WEBHOOK_ALLOW_PRIVATE_URLS=true); test-mode endpoints may use http and any address, so local
// development works. Checked when an endpoint is created or changed, and again at every delivery
// through the connection's own DNS lookup (the address checked is the address connected to, so
// DNS rebinding between check and connect gains nothing).
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(net, prefix, 'ipv6');

/** True for an address a live endpoint may not reach (IPv4-mapped IPv6 checked as IPv4). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1]!, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export interface UrlPolicy {
  mode: 'test' | 'live';
  allowPrivate: boolean;
}

/** Why a URL is refused, before any DNS: scheme, credentials, shape. Null when acceptable. */
export function urlShapeProblem(raw: string, policy: UrlPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Must be an absolute http(s) URL.';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'Must be an http(s) URL.';
  if (policy.mode === 'live' && url.protocol !== 'https:') return 'Live-mode webhook endpoints must use https.';
  if (url.username || url.password) return 'Must not carry a user name or password.';
  if (url.hash) return 'Must not carry a fragment.';
  return null;
}

function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => dnsLookup(host, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));
}

/** The full check at creation: shape, then (live, private not allowed) every address the host resolves to. */
export async function urlProblem(raw: string, policy: UrlPolicy): Promise<string | null> {
  const shape = urlShapeProblem(raw, policy);
  if (shape || policy.mode === 'test' || policy.allowPrivate) return shape;
  const host = new URL(raw).hostname.replace(/^\[|\]$/g, '');
  let addresses: LookupAddress[];
  try {
    addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await resolveAll(host);
  } catch {
    return `The host ${host} does not resolve.`;
  }
  if (addresses.length === 0) return `The host ${host} does not resolve.`;
  if (addresses.some((a) => isPrivateAddress(a.address))) return 'Live-mode webhook endpoints must not point to loopback, private or link-local addresses.';
  return null;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http(s).request that refuses private addresses (when the policy says so): the
 * connection goes to exactly the address that passed the check.
 */
export function guardedLookup(policy: UrlPolicy) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => {
      if (err) return callback(err, options.all ? [] : '', 0);
      const refuse = policy.mode === 'live' && !policy.allowPrivate;
      const ok = refuse ? addresses.filter((a) => !isPrivateAddress(a.address)) : addresses;
      if (ok.length === 0 || (refuse && ok.length !== addresses.length)) {
        const error = Object.assign(new Error(`refused: ${hostname} resolves to a private address`), { code: 'EPRIVATEADDRESS' });
        return callback(error, options.all ? [] : '', 0);
      }
      if (options.all) return callback(null, ok);
      callback(null, ok[0]!.address, ok[0]!.family);
    });
  };
}
