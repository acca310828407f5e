import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainTrustedBy } from '../../electron/services/tls-trust.js';
import { parseUpdateFeed } from '../../shared/update-feed.js';
import { channelFileFor, compareVersions, installBlocker, parseRangeHeader, releaseContentType } from '../../shared/updates.js';
import { tempDir } from '../helpers/tmp.js';

// The pure rules of offline updates: version order, Range headers, release file names, the
// channel file, the install policy, and the hall-CA trust the updater's session uses.

describe('compareVersions', () => {
  it('orders by semantic version, a pre-release before its release', () => {
    const sorted = ['1.0.0', '0.10.0', '0.2.0', '0.2.0-beta.2', '0.2.0-beta.10', '0.2.0-alpha', '0.1.0'].sort(compareVersions);
    expect(sorted).toEqual(['0.1.0', '0.2.0-alpha', '0.2.0-beta.2', '0.2.0-beta.10', '0.2.0', '0.10.0', '1.0.0']);
    expect(compareVersions('0.1.0', '0.1.0')).toBe(0);
    expect(() => compareVersions('0.1', '0.1.0')).toThrow(/版本号格式无效/);
  });
});

describe('parseRangeHeader', () => {
  const size = 1000;
  it('reads single, open, suffix and multiple ranges in the order asked', () => {
    expect(parseRangeHeader(undefined, size)).toEqual({ kind: 'full' });
    expect(parseRangeHeader('bytes=0-99', size)).toEqual({ kind: 'ranges', ranges: [{ start: 0, end: 99 }] });
    expect(parseRangeHeader('bytes=900-', size)).toEqual({ kind: 'ranges', ranges: [{ start: 900, end: 999 }] });
    expect(parseRangeHeader('bytes=-10', size)).toEqual({ kind: 'ranges', ranges: [{ start: 990, end: 999 }] });
    expect(parseRangeHeader('bytes=500-2000', size)).toEqual({ kind: 'ranges', ranges: [{ start: 500, end: 999 }] });
    expect(parseRangeHeader('bytes=200-299, 0-9', size)).toEqual({ kind: 'ranges', ranges: [{ start: 200, end: 299 }, { start: 0, end: 9 }] });
  });
  it('ignores what it does not understand and refuses what lies past the end', () => {
    for (const h of ['items=0-1', 'bytes=', 'bytes=5-1', 'bytes=a-b', 'bytes=-']) expect(parseRangeHeader(h, size), h).toEqual({ kind: 'full' });
    expect(parseRangeHeader('bytes=1000-', size)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRangeHeader('bytes=2000-3000, 5000-', size)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRangeHeader('bytes=0-1', 0)).toEqual({ kind: 'unsatisfiable' });
    // electron-updater asks for up to 1000 parts; more is not a range request we serve.
    const many = Array.from({ length: 1001 }, (_, i) => `${i}-${i}`).join(',');
    expect(parseRangeHeader(`bytes=${many}`, 5000)).toEqual({ kind: 'full' });
    expect(parseRangeHeader(`bytes=${many.split(',').slice(0, 1000).join(',')}`, 5000).kind).toBe('ranges');
  });
});

describe('release files', () => {
  it('serves only flat installer, blockmap and channel file names', () => {
    expect(releaseContentType('latest.yml')).toBe('text/yaml; charset=utf-8');
    expect(releaseContentType('yichuangtong-0.2.0-setup-x64.exe')).toBe('application/vnd.microsoft.portable-executable');
    expect(releaseContentType('yichuangtong-0.2.0-linux-amd64.deb')).toBe('application/vnd.debian.binary-package');
    expect(releaseContentType('yichuangtong-0.2.0-linux-x86_64.AppImage')).toBe('application/octet-stream');
    expect(releaseContentType('yichuangtong-0.2.0-setup-x64.exe.blockmap')).toBe('application/octet-stream');
    for (const bad of ['../latest.yml', '..latest.yml', '.latest.yml', 'sub/x.deb', 'builder-debug.yml', 'x.txt', 'a..deb', 'x.deb\0', '']) expect(releaseContentType(bad), bad).toBeNull();
  });
  it('picks the channel file electron-updater reads on each platform', () => {
    expect(channelFileFor('win32', 'x64')).toBe('latest.yml');
    expect(channelFileFor('linux', 'x64')).toBe('latest-linux.yml');
    expect(channelFileFor('linux', 'arm64')).toBe('latest-linux-arm64.yml');
    expect(channelFileFor('darwin', 'arm64')).toBeNull();
  });
  it('parses a channel file and refuses one that points elsewhere', () => {
    const sha = 'A'.repeat(86) + '==';
    const feed = parseUpdateFeed(`version: 0.2.0\nfiles:\n  - url: a-0.2.0.deb\n    sha512: ${sha}\n    size: 5\nreleaseDate: '2026-11-20T08:00:00.000Z'\n`, 'latest-linux.yml');
    expect(feed).toEqual({ version: '0.2.0', releaseDate: '2026-11-20T08:00:00.000Z', files: [{ url: 'a-0.2.0.deb', sha512: sha, size: 5 }] });
    expect(() => parseUpdateFeed(`version: 0.2.0\nfiles:\n  - url: https://evil.example/a.deb\n    sha512: ${sha}\n`, 'latest.yml')).toThrow(/不允许的文件名/);
    expect(() => parseUpdateFeed(`version: 0.2\nfiles:\n  - url: a.deb\n    sha512: ${sha}\n`, 'latest.yml')).toThrow(/latest.yml/);
    expect(() => parseUpdateFeed('version: 0.2.0\nfiles: []\n', 'latest.yml')).toThrow(/内容不完整或格式错误（files）/);
    expect(() => parseUpdateFeed('{{{', 'latest.yml')).toThrow(/不是有效的 YAML/);
  });
});

describe('installBlocker', () => {
  const ok = { shell: 'electron' as const, downloaded: '0.2.0', openCases: 0, applicantBusy: false };
  it('allows the restart only with a download, no open case and an idle applicant screen', () => {
    expect(installBlocker(ok)).toBeNull();
    expect(installBlocker({ ...ok, shell: 'browser' })).toContain('浏览器模式不支持自动更新');
    expect(installBlocker({ ...ok, downloaded: null })).toContain('尚未下载完成');
    expect(installBlocker({ ...ok, openCases: 1 })).toContain('办件尚未关闭');
    expect(installBlocker({ ...ok, applicantBusy: true })).toContain('申请人屏');
  });
});

describe('chainTrustedBy (the hall CA for the updater)', () => {
  const t = tempDir('yct-ca-');
  const pem = (f: string) => readFileSync(join(t.dir, f), 'utf8');
  // After the certificates are made: they are valid from the second they were signed.
  let now = 0;
  beforeAll(() => {
    const o = (args: string[]) => execFileSync('openssl', args, { cwd: t.dir, stdio: 'pipe' });
    o(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '3', '-subj', '/CN=Hall Root CA']);
    o(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'other.key', '-out', 'other.pem', '-days', '3', '-subj', '/CN=Other CA']);
    writeFileSync(join(t.dir, 'int.cnf'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n');
    o(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'int.key', '-out', 'int.csr', '-subj', '/CN=Hall Issuing CA']);
    o(['x509', '-req', '-in', 'int.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'int.pem', '-days', '3', '-extfile', 'int.cnf']);
    writeFileSync(join(t.dir, 'leaf.cnf'), 'subjectAltName=DNS:central.hall.test,IP:10.1.2.3\n');
    o(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=central.hall.test']);
    o(['x509', '-req', '-in', 'leaf.csr', '-CA', 'int.pem', '-CAkey', 'int.key', '-CAcreateserial', '-out', 'leaf.pem', '-days', '2', '-extfile', 'leaf.cnf']);
    o(['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'direct.pem', '-days', '2', '-extfile', 'leaf.cnf']);
    now = Date.now() + 1000;
  }, 60_000);
  afterAll(() => t.cleanup());

  it('trusts a chain to the hall CA for the names in the certificate', () => {
    expect(chainTrustedBy([pem('leaf.pem'), pem('int.pem')], pem('ca.pem'), 'central.hall.test', now)).toBe(true);
    expect(chainTrustedBy([pem('leaf.pem'), pem('int.pem')], pem('ca.pem'), '10.1.2.3', now)).toBe(true);
    expect(chainTrustedBy([pem('direct.pem')], pem('ca.pem'), 'central.hall.test', now)).toBe(true);
  });
  it('refuses another CA, another host name, a broken chain and an expired certificate', () => {
    expect(chainTrustedBy([pem('leaf.pem'), pem('int.pem')], pem('other.pem'), 'central.hall.test', now)).toBe(false);
    expect(chainTrustedBy([pem('leaf.pem'), pem('int.pem')], pem('ca.pem'), 'evil.example', now)).toBe(false);
    expect(chainTrustedBy([pem('leaf.pem')], pem('ca.pem'), 'central.hall.test', now)).toBe(false);
    expect(chainTrustedBy([pem('leaf.pem'), pem('int.pem')], pem('ca.pem'), 'central.hall.test', now + 2.5 * 24 * 3600_000)).toBe(false);
    expect(chainTrustedBy(['not a certificate'], pem('ca.pem'), 'central.hall.test', now)).toBe(false);
  });
});
