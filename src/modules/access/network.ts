import ipaddr from 'ipaddr.js';

/**
 * Whether `address` lies in one of the CIDR ranges. IPv4-mapped IPv6 addresses (::ffff:10.0.0.1, as Node
 * reports IPv4 callers on a dual-stack socket) are compared as IPv4.
 */
export function inNetworks(address: string, cidrs: readonly string[]): boolean {
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    addr = ipaddr.process(address);
  } catch {
    return false;
  }
  return parsedRanges(cidrs).some((parsed) => {
    if (!parsed) return false;
    const [range, bits] = parsed;
    const candidate =
      range.kind() === 'ipv6' && addr.kind() === 'ipv4' ? (addr as ipaddr.IPv4).toIPv4MappedAddress() : addr;
    return candidate.kind() === range.kind() && candidate.match([range, bits] as never);
  });
}

type Parsed = [ipaddr.IPv4 | ipaddr.IPv6, number] | null;
// An institution's list is parsed once per list object (the access cache hands the same one to every
// request within its lifetime), not on every request.
const parsedLists = new WeakMap<readonly string[], Parsed[]>();

function parsedRanges(cidrs: readonly string[]): Parsed[] {
  let parsed = parsedLists.get(cidrs);
  if (!parsed) {
    parsed = cidrs.map((cidr) => {
      try {
        return ipaddr.parseCIDR(cidr);
      } catch {
        return null;
      }
    });
    parsedLists.set(cidrs, parsed);
  }
  return parsed;
}

/** Canonical form of a CIDR range, or null when it is not one ('10.1.2.0/24', '2001:db8::/32'). */
export function normaliseCidr(cidr: string): string | null {
  try {
    const [range, bits] = ipaddr.parseCIDR(cidr.trim());
    return `${range.toString()}/${bits}`;
  } catch {
    // A bare address is a one-host range.
    try {
      const a = ipaddr.process(cidr.trim());
      return `${a.toString()}/${a.kind() === 'ipv4' ? 32 : 128}`;
    } catch {
      return null;
    }
  }
}

/** Whether two textual addresses name the same host (IP_USER against the caller's address). */
export function sameAddress(a: string, b: string): boolean {
  try {
    return ipaddr.process(a.trim()).toString() === ipaddr.process(b.trim()).toString();
  } catch {
    return false;
  }
}
