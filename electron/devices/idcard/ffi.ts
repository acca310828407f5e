import type { LibraryHandle } from 'koffi';
import { IdCardError, messages } from './types.js';

// Vendor libraries through koffi. koffi (a native module) is imported only when an SDK driver
// is first used, so the simulator and bridge drivers never load it.

type Koffi = typeof import('koffi').default;
type NativeFn = ((...args: unknown[]) => unknown) & { async: (...args: unknown[]) => void };

let koffiPromise: Promise<Koffi> | null = null;

function loadKoffi(): Promise<Koffi> {
  koffiPromise ??= import('koffi').then(
    (m) => m.default,
    () => {
      koffiPromise = null;
      throw new IdCardError('library', messages.library('本程序的 FFI 组件（koffi）无法加载，请重新安装一窗通'));
    },
  );
  return koffiPromise;
}

/** termb.dll and sdtapi.dll export WINAPI (stdcall) functions; on other systems the C default applies. */
const CONVENTION = process.platform === 'win32' ? '__stdcall ' : '';

export interface NativeLibrary {
  readonly path: string;
  /** A required export: a library without it is not of the family chosen in settings. */
  fn(ret: string, name: string, params: string): NativeFn;
  /** An export only some vendor builds have. */
  optional(ret: string, name: string, params: string): NativeFn | null;
}

function loadError(path: string, err: unknown): IdCardError {
  const m = err instanceof Error ? err.message : String(err);
  if (/ELF class|not a valid Win32|wrong architecture|incompatible architecture/i.test(m)) {
    return new IdCardError('library', messages.library(`库文件“${path}”与本机不兼容（多为 32 位与 64 位不一致，请向厂商索取 ${process.arch === 'x64' ? '64' : process.arch} 位版本）`));
  }
  if (/No such file|cannot open shared object|could not be found/i.test(m)) {
    return new IdCardError('library', messages.library(`找不到库文件“${path}”`));
  }
  if (/invalid ELF header|file too short|not a valid/i.test(m)) return new IdCardError('library', messages.library(`“${path}”不是有效的动态库文件`));
  return new IdCardError('library', messages.library(`库文件“${path}”无法加载`));
}

export async function openLibrary(path: string, familyLabel: string): Promise<NativeLibrary> {
  const koffi = await loadKoffi();
  let lib: LibraryHandle;
  try {
    lib = koffi.load(path);
  } catch (err) {
    throw loadError(path, err);
  }
  const declare = (ret: string, name: string, params: string) => lib.func(`${ret} ${CONVENTION}${name}(${params})`) as unknown as NativeFn;
  return {
    path,
    fn(ret, name, params) {
      try {
        return declare(ret, name, params);
      } catch {
        throw new IdCardError('library', messages.library(`库文件“${path}”缺少函数 ${name}，不是${familyLabel}，或版本不兼容`));
      }
    },
    optional(ret, name, params) {
      try {
        return declare(ret, name, params);
      } catch {
        return null;
      }
    },
  };
}

/** Runs a native call on koffi's worker thread, so a slow reader never blocks the host. */
export function callAsync<T = number>(fn: NativeFn, ...args: unknown[]): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    fn.async(...args, (err: unknown, res: T) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(res)));
  });
}
