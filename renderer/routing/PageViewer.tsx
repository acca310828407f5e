import { Alert, Box, Button, Center, Group, Image, Loader, Modal, Paper, Slider, Stack, Text, UnstyledButton } from '@mantine/core';
import { useEffect, useState } from 'react';
import { api, errorText } from '../api';
import { downloadPdf } from '../common/pdf';
import { t } from '../i18n';

type Loaded = { sha: string; src: string | null; pdf: string | null; error: string | null };

function dataUrl(p: { mime: string; dataBase64: string | null }): string | null {
  return p.dataBase64 && p.mime.startsWith('image/') ? `data:${p.mime};base64,${p.dataBase64}` : null;
}

/** One page loaded from the host at the given size; a PDF comes back whole (or as a marker). */
function usePage(sha: string, maxSide: number): Loaded | null {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  useEffect(() => {
    let alive = true;
    api.scanner
      .page({ sha256: sha, maxSide })
      .then((p) => {
        if (!alive) return;
        const pdf = p.mime === 'application/pdf' && p.dataBase64 ? p.dataBase64 : null;
        setLoaded({ sha, src: dataUrl(p), pdf, error: null });
      })
      .catch((err: unknown) => alive && setLoaded({ sha, src: null, pdf: null, error: errorText(err) }));
    return () => {
      alive = false;
    };
  }, [sha, maxSide]);
  // A stale page from the previous sha is never shown.
  return loaded?.sha === sha ? loaded : null;
}

function Thumb({ sha, n, label, onOpen }: { sha: string; n: number; label: string; onOpen(): void }) {
  const page = usePage(sha, 160);
  return (
    <UnstyledButton onClick={onOpen} aria-label={t('查看{{label}}第 {{n}} 页', { label, n })} data-page={sha}>
      <Paper withBorder p={4} w={92}>
        <Stack gap={2} align="center">
          {page?.src ? (
            <Image src={page.src} alt={t('{{label}}第 {{n}} 页', { label, n })} h={96} fit="contain" />
          ) : (
            <Center h={96}>
              <Text size="xs" c="dimmed">
                {page ? (page.error ? t('无法显示') : t('PDF 文件')) : '…'}
              </Text>
            </Center>
          )}
          <Text size="xs">{t('第')} {n} {t('页')}</Text>
        </Stack>
      </Paper>
    </UnstyledButton>
  );
}

const ZOOM_MIN = 50;
const ZOOM_MAX = 400;

/** A page at reading size. Zoom and rotation are for viewing only: the stored file is never changed. */
function Viewer({ pages, index, label, onIndex }: { pages: readonly string[]; index: number; label: string; onIndex(i: number): void }) {
  const sha = pages[index]!;
  const page = usePage(sha, 2000);
  const [zoom, setZoom] = useState(100);
  const [turn, setTurn] = useState(0);
  const go = (i: number) => {
    setZoom(100);
    setTurn(0);
    onIndex(i);
  };
  const step = (d: number) => setZoom((z) => Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, z + d)));
  return (
    <Stack gap="sm">
      <Group gap="xs" wrap="wrap">
        <Button size="xs" variant="default" onClick={() => go(index - 1)} disabled={index === 0}>
          {t('上一页')}
        </Button>
        <Text size="sm">
          {t('第')} {index + 1} / {pages.length} {t('页')}
        </Text>
        <Button size="xs" variant="default" onClick={() => go(index + 1)} disabled={index >= pages.length - 1}>
          {t('下一页')}
        </Button>
        <Button size="xs" variant="default" onClick={() => step(-25)} disabled={zoom <= ZOOM_MIN}>
          {t('缩小')}
        </Button>
        <Slider
          w={160}
          min={ZOOM_MIN}
          max={ZOOM_MAX}
          step={25}
          value={zoom}
          onChange={setZoom}
          label={(v) => `${v}%`}
          thumbLabel={t('缩放比例')}
        />
        <Button size="xs" variant="default" onClick={() => step(25)} disabled={zoom >= ZOOM_MAX}>
          {t('放大')}
        </Button>
        <Text size="sm" w={48} data-testid="viewer-zoom">
          {zoom}%
        </Text>
        <Button size="xs" variant="default" onClick={() => setTurn((t) => (t + 270) % 360)}>
          {t('向左旋转')}
        </Button>
        <Button size="xs" variant="default" onClick={() => setTurn((t) => (t + 90) % 360)}>
          {t('向右旋转')}
        </Button>
        <Button
          size="xs"
          variant="subtle"
          onClick={() => {
            setZoom(100);
            setTurn(0);
          }}
        >
          {t('复原')}
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        {t('缩放和旋转只为查看方便，不会改变原文件。')}
      </Text>
      <Box style={{ overflow: 'auto', maxHeight: '70vh', border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4 }} p="md">
        {!page && (
          <Center h={300}>
            <Loader />
          </Center>
        )}
        {page?.error && <Alert color="red">{page.error}</Alert>}
        {page?.src && (
          <img
            src={page.src}
            alt={t('{{label}}第 {{v1}} 页', { label, v1: index + 1 })}
            data-testid="viewer-image"
            style={{
              display: 'block',
              margin: '0 auto',
              width: `${zoom}%`,
              maxWidth: 'none',
              transform: `rotate(${turn}deg)`,
              transformOrigin: 'center center',
              transition: 'transform 120ms',
            }}
          />
        )}
        {page && !page.src && !page.error && (
          <Stack align="center" py="xl">
            <Text>{t('该页是 PDF 文件，无法在此预览。')}</Text>
            {page.pdf && (
              <Button variant="default" onClick={() => downloadPdf(`${label}-${index + 1}.pdf`, page.pdf!)}>
                {t('下载 PDF 查看')}
              </Button>
            )}
          </Stack>
        )}
      </Box>
    </Stack>
  );
}

/** Thumbnails of a material's (or a result's) pages; a click shows the page large. */
export function PageThumbs({ pages, label }: { pages: readonly string[]; label: string }) {
  const [open, setOpen] = useState<number | null>(null);
  if (pages.length === 0) return <Text size="sm" c="dimmed">{t('无扫描件')}</Text>;
  return (
    <>
      <Group gap={6}>
        {pages.map((sha, i) => (
          <Thumb key={`${sha}-${i}`} sha={sha} n={i + 1} label={label} onOpen={() => setOpen(i)} />
        ))}
      </Group>
      <Modal opened={open !== null} onClose={() => setOpen(null)} title={label} size="90%">
        {open !== null && <Viewer pages={pages} index={open} label={label} onIndex={setOpen} />}
      </Modal>
    </>
  );
}
