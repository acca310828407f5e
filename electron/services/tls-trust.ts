import { X509Certificate } from 'node:crypto';

// Whether a server's certificate chain leads to the hall's private CA. Chromium (and so
// electron-updater's downloads) only knows the system roots; the sync client takes the CA file
// directly. This is the same trust for the updater's session, checked with Node's X509 support.

function valid(c: X509Certificate, now: number): boolean {
  return Date.parse(c.validFrom) <= now && now <= Date.parse(c.validTo);
}

/**
 * `chainPem`: the server's certificate first, then the intermediates it sent. True when the leaf
 * names `hostname` (DNS name or IP address), every link is signed by the next and in date, and
 * the last one (or the leaf itself) is issued and signed by the CA.
 */
export function chainTrustedBy(chainPem: readonly string[], caPem: string | Buffer, hostname: string, now: number): boolean {
  let ca: X509Certificate;
  let chain: X509Certificate[];
  try {
    ca = new X509Certificate(caPem);
    chain = chainPem.map((p) => new X509Certificate(p));
  } catch {
    return false;
  }
  const leaf = chain[0];
  if (!leaf || !valid(ca, now)) return false;
  const host = hostname.replace(/^\[|\]$/g, '');
  const named = /^[\d.]+$|:/.test(host) ? leaf.checkIP(host) !== undefined : leaf.checkHost(host) !== undefined;
  if (!named) return false;
  for (let i = 0; i < chain.length; i++) {
    const c = chain[i]!;
    if (!valid(c, now)) return false;
    if (c.checkIssued(ca) && c.verify(ca.publicKey)) return true;
    const next = chain[i + 1];
    if (!next || !next.ca || !c.checkIssued(next) || !c.verify(next.publicKey)) return false;
  }
  return false;
}
