import { Alert, Button, CloseButton, FileButton, Group, Image, Kbd, Paper, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { api, errorText } from '../api';
import type { ScanSlotProps } from './MaterialsStep';
import { t } from '../i18n';

function Thumb({ sha, n, onRemove, onLeft, onRotate }: { sha: string; n: number; onRemove(): void; onLeft?: () => void; onRotate(): void }) {
  const [src, setSrc] = useState<string | null>(null);
  const [pdf, setPdf] = useState(false);
  useEffect(() => {
    let alive = true;
    api.scanner
      .page({ sha256: sha, maxSide: 160 })
      .then((p) => {
        if (!alive) return;
        if (p.dataBase64 && p.mime.startsWith('image/')) setSrc(`data:${p.mime};base64,${p.dataBase64}`);
        else setPdf(true);
      })
      .catch(() => alive && setPdf(true));
    return () => {
      alive = false;
    };
  }, [sha]);
  return (
    <Paper withBorder p={4} w={92} data-page={sha}>
      <Stack gap={2} align="center">
        {src ? <Image src={src} alt={t('第 {{n}} 页', { n })} h={96} fit="contain" /> : <Text size="xs">{pdf ? t('PDF 文件') : '…'}</Text>}
        <Group gap={2}>
          <Text size="xs">{t('第')} {n} {t('页')}</Text>
          {onLeft && (
            <Button size="compact-xs" variant="subtle" onClick={onLeft} aria-label={t('第 {{n}} 页前移', { n })}>
              ←
            </Button>
          )}
          <Button size="compact-xs" variant="subtle" onClick={onRotate} aria-label={t('第 {{n}} 页顺时针旋转', { n })}>
            ↻
          </Button>
          <CloseButton size="xs" onClick={onRemove} aria-label={t('删除第 {{n}} 页', { n })} />
        </Group>
      </Stack>
    </Paper>
  );
}

async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/**
 * Pages of one material: scan with the counter's device, or attach a file by hand when no
 * device works. Pages can be rotated (a new blob), removed and moved; the list is saved with the case.
 */
export function ScanSlot({ pages, onChange, label }: ScanSlotProps) {
  const [busy, setBusy] = useState<'scan' | 'attach' | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function scan() {
    setBusy('scan');
    setError(null);
    try {
      const r = await api.scanner.scan({});
      if (r.pages.length) onChange([...pages, ...r.pages.map((p) => p.sha256)]);
      if (r.error) setError(t('{{message}}（已扫描的 {{length}} 页已保留；也可点击“附加文件”手动添加）', { message: r.error.message, length: r.pages.length }));
    } catch (err) {
      setError(t('{{v0}}（可点击“附加文件”手动添加）', { v0: errorText(err) }));
    } finally {
      setBusy(null);
    }
  }

  async function attach(file: File | null) {
    if (!file) return;
    setBusy('attach');
    setError(null);
    try {
      // Larger files go in chunks: the host refuses an oversized file before anything is sent.
      const chunk = 512 * 1024;
      let result;
      if (file.size <= chunk) result = await api.scanner.attach({ name: file.name, dataBase64: await fileToBase64(file) });
      else {
        const { uploadId, chunkBytes } = await api.scanner.attachBegin({ name: file.name, size: file.size });
        for (let offset = 0; offset < file.size; offset += chunkBytes) {
          const part = new File([file.slice(offset, offset + chunkBytes)], file.name);
          await api.scanner.attachChunk({ uploadId, offset, dataBase64: await fileToBase64(part) });
        }
        result = await api.scanner.attachEnd({ uploadId });
      }
      onChange([...pages, ...result.pages.map((p) => p.sha256)]);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Stack gap={6}>
      <Group gap="xs">
        <Button size="xs" onClick={() => void scan()} loading={busy === 'scan'} aria-label={t('扫描{{label}}', { label })} leftSection={<Kbd size="xs">F4</Kbd>} data-scan-button>
          {t('扫描')}
        </Button>
        <FileButton onChange={(f) => void attach(f)} accept="image/jpeg,image/png,image/tiff,application/pdf">
          {(props) => (
            <Button size="xs" variant="default" loading={busy === 'attach'} {...props} aria-label={t('附加文件：{{label}}', { label })}>
              {t('附加文件')}
            </Button>
          )}
        </FileButton>
        {pages.length > 0 && <Text size="xs" c="dimmed">{t('共')} {pages.length} {t('页')}</Text>}
      </Group>
      {pages.length > 0 && (
        <Group gap={6}>
          {pages.map((sha, i) => (
            <Thumb
              key={`${sha}-${i}`}
              sha={sha}
              n={i + 1}
              onRemove={() => onChange(pages.filter((_, j) => j !== i))}
              onRotate={() =>
                void api.scanner
                  .rotate({ sha256: sha, degrees: 90 })
                  .then((p) => onChange(pages.map((x, j) => (j === i ? p.sha256 : x))))
                  .catch((err: unknown) => setError(errorText(err)))
              }
              onLeft={i > 0 ? () => onChange([...pages.slice(0, i - 1), sha, pages[i - 1]!, ...pages.slice(i + 1)]) : undefined}
            />
          ))}
        </Group>
      )}
      {error && (
        <Alert color="orange" p="xs">
          {error}
        </Alert>
      )}
    </Stack>
  );
}
