// Offline updates: the rules shared by the central service's release area, the counter's update
// check and its install policy. Pure: no I/O, no YAML (that is shared/update-feed.ts).

/** The channel files electron-builder writes next to the installers, one per platform and arch. */
export const CHANNEL_FILES = ['latest.yml', 'latest-linux.yml', 'latest-linux-arm64.yml'] as const;
export type ChannelFile = (typeof CHANNEL_FILES)[number];

/** Which channel file electron-updater reads on this platform; null where no installer is built. */
export function channelFileFor(platform: string, arch: string): ChannelFile | null {
  if (platform === 'win32') return 'latest.yml';
  if (platform === 'linux' && arch === 'x64') return 'latest-linux.yml';
  if (platform === 'linux' && arch === 'arm64') return 'latest-linux-arm64.yml';
  return null;
}

const CONTENT_TYPES: Record<string, string> = {
  '.yml': 'text/yaml; charset=utf-8',
  '.exe': 'application/vnd.microsoft.portable-executable',
  '.deb': 'application/vnd.debian.binary-package',
  '.AppImage': 'application/octet-stream',
  '.blockmap': 'application/octet-stream',
};

/**
 * A release file is a plain name (no folders, no dot files) with one of the installer, channel or
 * blockmap extensions; anything else is not served and not published.
 */
export function releaseContentType(name: string): string | null {
  if (!/^[A-Za-z0-9][A-Za-z0-9._+-]{0,199}$/.test(name) || name.includes('..')) return null;
  const ext = Object.keys(CONTENT_TYPES).find((e) => name.endsWith(e));
  if (!ext) return null;
  if (ext === '.yml' && !(CHANNEL_FILES as readonly string[]).includes(name)) return null;
  return CONTENT_TYPES[ext]!;
}

const VERSION_RE = /^(\d{1,6})\.(\d{1,6})\.(\d{1,6})(?:-([0-9A-Za-z.-]{1,64}))?$/;

export function isVersion(v: string): boolean {
  return VERSION_RE.test(v);
}

/** Semantic-version order (build metadata is not used): negative when a is older than b. */
export function compareVersions(a: string, b: string): number {
  const ma = VERSION_RE.exec(a);
  const mb = VERSION_RE.exec(b);
  if (!ma || !mb) throw new Error(`版本号格式无效：${!ma ? a : b}`);
  for (let i = 1; i <= 3; i++) {
    const d = Number(ma[i]) - Number(mb[i]);
    if (d !== 0) return d;
  }
  const pa = ma[4];
  const pb = mb[4];
  if (pa === pb) return 0;
  // A pre-release comes before its release.
  if (pa === undefined) return 1;
  if (pb === undefined) return -1;
  const xa = pa.split('.');
  const xb = pb.split('.');
  for (let i = 0; i < Math.max(xa.length, xb.length); i++) {
    const sa = xa[i];
    const sb = xb[i];
    if (sa === undefined) return -1;
    if (sb === undefined) return 1;
    const na = /^\d+$/.test(sa);
    const nb = /^\d+$/.test(sb);
    if (na && nb && Number(sa) !== Number(sb)) return Number(sa) - Number(sb);
    if (na !== nb) return na ? -1 : 1;
    if (sa !== sb) return sa < sb ? -1 : 1;
  }
  return 0;
}

export interface ByteRange {
  start: number;
  /** Inclusive, as in Content-Range. */
  end: number;
}

/** Enough for electron-updater's differential download, which asks for up to 1000 parts at once. */
export const MAX_RANGES = 1000;

export type RangeRequest = { kind: 'full' } | { kind: 'unsatisfiable' } | { kind: 'ranges'; ranges: ByteRange[] };

/**
 * Reads a `Range: bytes=…` header against a file of `size` bytes (RFC 9110 §14). A header that is
 * not understood is ignored (the whole file is sent); ranges that all start past the end are
 * unsatisfiable; parts are kept in the order asked, since the client maps them by position.
 */
export function parseRangeHeader(header: string | undefined, size: number): RangeRequest {
  if (header === undefined) return { kind: 'full' };
  const m = /^bytes=(.+)$/i.exec(header.trim());
  if (!m) return { kind: 'full' };
  const specs = m[1]!.split(',').map((s) => s.trim());
  if (specs.length === 0 || specs.length > MAX_RANGES) return { kind: 'full' };
  const ranges: ByteRange[] = [];
  for (const spec of specs) {
    const r = /^(\d*)-(\d*)$/.exec(spec);
    if (!r || (r[1] === '' && r[2] === '')) return { kind: 'full' };
    if (r[1] === '') {
      // Suffix: the last n bytes.
      const n = Number(r[2]);
      if (n === 0) continue;
      ranges.push({ start: Math.max(0, size - n), end: size - 1 });
      continue;
    }
    const start = Number(r[1]);
    if (r[2] !== '' && Number(r[2]) < start) return { kind: 'full' };
    if (start >= size) continue;
    const end = r[2] === '' ? size - 1 : Number(r[2]);
    ranges.push({ start, end: Math.min(end, size - 1) });
  }
  if (ranges.length === 0 || size === 0) return { kind: 'unsatisfiable' };
  return { kind: 'ranges', ranges };
}

/** What can stop an install now; the first reason is shown to the clerk on the disabled button. */
export interface InstallState {
  shell: 'electron' | 'browser';
  /** The version downloaded and ready to install, if any. */
  downloaded: string | null;
  /** Cases a window of this counter has open for editing. */
  openCases: number;
  /** The applicant screen shows a form, a signature or a rating: an applicant is at the counter. */
  applicantBusy: boolean;
}

export const BROWSER_UPDATE_UNSUPPORTED = '浏览器模式不支持自动更新：请由管理员在本机安装新版本安装包。';

export function installBlocker(s: InstallState): string | null {
  if (s.shell !== 'electron') return BROWSER_UPDATE_UNSUPPORTED;
  if (!s.downloaded) return '新版本尚未下载完成，下载完成后会提示您。';
  if (s.openCases > 0) return '正在办理的办件尚未关闭：请先保存并退出办件页面，再重启安装。';
  if (s.applicantBusy) return '申请人屏正在确认信息、签名或评价：请办完当前申请人的业务后再重启安装。';
  return null;
}
