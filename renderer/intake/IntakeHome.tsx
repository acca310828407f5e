import { Alert, Badge, Box, Button, Card, Group, Kbd, SimpleGrid, Stack, Table, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import type { MethodOutput } from '../../shared/api/contract';
import type { CaseSummary } from '../../shared/api/intake';
import { SERVICE_OBJECT_LABELS } from '../../shared/catalog';
import { CASE_STATE_LABELS } from '../../shared/case-machine';
import { PRIORITY_LABELS, type ApplicantKind } from '../../shared/intake';
import { api, errorText } from '../api';
import { HallPanel } from '../hall/HallPanel';
import { ItemPicker } from './ItemPicker';
import { t } from '../i18n';

type BundleSummary = MethodOutput<'catalog.bundles'>['bundles'][number];
type BundleDetail = MethodOutput<'catalog.bundle'>;

// Recent and favourite bundles are the clerk's habits, not personal data: kept in this browser profile.
const RECENT_KEY = 'yct.intake.recent';
const FAVOURITE_KEY = 'yct.intake.favourites';

function readList(key: string): string[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(key) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function rememberRecent(id: string): void {
  localStorage.setItem(RECENT_KEY, JSON.stringify([id, ...readList(RECENT_KEY).filter((x) => x !== id)].slice(0, 8)));
}

/** Start a case: find the bundle (name, pinyin, initials), tick the items the applicant needs, go. */
function StartCase() {
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query, 120);
  const [bundles, setBundles] = useState<BundleSummary[]>([]);
  /** The query the list answers: Enter typed faster than the search waits for it, not for the list before. */
  const [listFor, setListFor] = useState<string | null>(null);
  const pendingEnter = useRef(false);
  const [cursor, setCursor] = useState(0);
  const [chosen, setChosen] = useState<BundleDetail | null>(null);
  const [items, setItems] = useState<string[]>([]);
  const [kind, setKind] = useState<ApplicantKind>('person');
  const [ticket, setTicket] = useState('');
  const [favourites, setFavourites] = useState(() => readList(FAVOURITE_KEY));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const startRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    let alive = true;
    api.catalog
      .bundles(debounced.trim() ? { query: debounced.trim() } : {})
      .then((r) => {
        if (!alive) return;
        // Favourites, then recent ones, first; the search order otherwise.
        const rank = (id: string) => {
          const f = favourites.indexOf(id);
          if (f >= 0) return f;
          const r2 = readList(RECENT_KEY).indexOf(id);
          return r2 >= 0 ? 100 + r2 : 1000;
        };
        const list = debounced.trim() ? r.bundles : [...r.bundles].sort((a, b) => rank(a.id) - rank(b.id));
        setBundles(list.slice(0, 12));
        setCursor(0);
        setListFor(debounced);
      })
      .catch((err: unknown) => alive && setError(errorText(err)));
    return () => {
      alive = false;
    };
  }, [debounced, favourites]);

  useEffect(() => {
    if (!pendingEnter.current || listFor !== query || !bundles[0]) return;
    pendingEnter.current = false;
    void choose(bundles[0]);
  }, [listFor, query, bundles]);

  async function choose(b: BundleSummary) {
    setError(null);
    try {
      const detail = await api.catalog.bundle({ id: b.id });
      setChosen(detail);
      setItems(detail.items.map((i) => i.id));
      setKind(detail.serviceObject === SERVICE_OBJECT_LABELS.enterprise ? 'enterprise' : 'person');
      setTimeout(() => startRef.current?.focus(), 0);
    } catch (err) {
      setError(errorText(err));
    }
  }

  function toggleFavourite(id: string) {
    const next = favourites.includes(id) ? favourites.filter((x) => x !== id) : [id, ...favourites];
    localStorage.setItem(FAVOURITE_KEY, JSON.stringify(next));
    setFavourites(next);
  }

  async function start() {
    if (!chosen) return;
    setBusy(true);
    setError(null);
    try {
      const v = await api.intake.start({ bundleId: chosen.id, itemIds: items, applicantKind: kind, ticketRef: ticket.trim() || null });
      rememberRecent(chosen.id);
      navigate(`/intake/case/${v.id}`);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <Card withBorder padding="lg">
      <Stack>
        <Title order={3}>{t('新建办件')}</Title>
        <TextInput
          label={t('选择“一件事”')}
          placeholder={t('名称、拼音或首字母，如 xse；↑↓ 选择，回车确定')}
          value={query}
          autoFocus
          onChange={(e) => {
            setQuery(e.currentTarget.value);
            setChosen(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') setCursor((c) => Math.min(c + 1, bundles.length - 1));
            else if (e.key === 'ArrowUp') setCursor((c) => Math.max(c - 1, 0));
            else if (e.key === 'Enter' && listFor !== query) pendingEnter.current = true;
            else if (e.key === 'Enter' && bundles[cursor]) void choose(bundles[cursor]);
            else return;
            e.preventDefault();
          }}
        />
        {!chosen && (
          // One grid row per bundle: the options stay the listbox's only children (as ARIA requires)
          // while each one's 常用 star sits beside it in the second column.
          <Box style={{ display: 'grid', gridTemplateColumns: '1fr auto', columnGap: 8, rowGap: 4 }}>
            <div role="listbox" aria-label={t('“一件事”')} style={{ display: 'contents' }}>
              {bundles.map((b, i) => (
                <UnstyledButton
                  key={b.id}
                  role="option"
                  aria-selected={i === cursor}
                  onClick={() => void choose(b)}
                  p={6}
                  style={{ gridColumn: 1, gridRow: i + 1, borderRadius: 6, background: i === cursor ? 'var(--mantine-color-blue-0)' : undefined }}
                >
                  <Text fw={600}>{b.name}</Text>
                  <Text size="xs" c="dimmed">
                    {b.leadDepartment} · {b.itemCount} {t('个事项')}{b.promisedDays !== null ? t(' · 承诺 {{promisedDays}} 个工作日', { promisedDays: b.promisedDays }) : ''}
                  </Text>
                </UnstyledButton>
              ))}
            </div>
            {bundles.map((b, i) => (
              <Button
                key={b.id}
                size="compact-xs"
                variant="subtle"
                style={{ gridColumn: 2, gridRow: i + 1, alignSelf: 'center' }}
                aria-label={favourites.includes(b.id) ? t('取消常用：{{name}}', { name: b.name }) : t('设为常用：{{name}}', { name: b.name })}
                onClick={() => toggleFavourite(b.id)}
              >
                {favourites.includes(b.id) ? '★' : '☆'}
              </Button>
            ))}
            {bundles.length === 0 && <Text c="dimmed">{t('没有找到，请换个说法或用拼音首字母。')}</Text>}
          </Box>
        )}
        {chosen && (
          <Stack>
            <Text fw={700}>{chosen.name}</Text>
            <ItemPicker items={chosen.items} value={items} onChange={setItems} kind={kind} onKind={setKind} />
            <TextInput label={t('排队号或预约号（可不填）')} value={ticket} onChange={(e) => setTicket(e.currentTarget.value)} maw={260} />
            <Group>
              <Button ref={startRef} onClick={() => void start()} loading={busy} disabled={items.length === 0}>
                {t('开始收件')}
              </Button>
              <Button variant="default" onClick={() => setChosen(null)}>
                {t('重新选择')}
              </Button>
            </Group>
            {items.length === 0 && <Text c="red">{t('至少选择一个事项。')}</Text>}
          </Stack>
        )}
        {error && <Alert color="red">{error}</Alert>}
      </Stack>
    </Card>
  );
}

export function CaseTable({ cases, empty }: { cases: CaseSummary[]; empty: string }) {
  const navigate = useNavigate();
  if (cases.length === 0) return <Text c="dimmed">{empty}</Text>;
  return (
    <Table highlightOnHover striped>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('办件编号')}</Table.Th>
          <Table.Th>{t('“一件事”')}</Table.Th>
          <Table.Th>{t('申请人')}</Table.Th>
          <Table.Th>{t('证件号码')}</Table.Th>
          <Table.Th>{t('状态')}</Table.Th>
          <Table.Th>{t('更新')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {cases.map((c) => (
          <Table.Tr key={c.id} style={{ cursor: 'pointer' }} onClick={() => navigate(`/intake/case/${c.id}`)}>
            <Table.Td>
              <Button variant="subtle" size="compact-sm" onClick={() => navigate(`/intake/case/${c.id}`)}>
                {c.caseNumber ?? t('（未编号）')}
              </Button>
            </Table.Td>
            <Table.Td>{c.bundleName}</Table.Td>
            <Table.Td>
              {c.enterpriseName ? `${c.enterpriseName} · ` : ''}
              {c.applicantName || t('（未填写）')}
              {c.priority && (
                <Badge ml={6} color="orange" size="sm">
                  {t('绿色通道·')}{PRIORITY_LABELS[c.priority]}
                </Badge>
              )}
            </Table.Td>
            <Table.Td>{c.applicantIdMasked ?? c.creditCode ?? '—'}</Table.Td>
            <Table.Td>
              <Badge variant="light">{CASE_STATE_LABELS[c.state]}</Badge>
            </Table.Td>
            <Table.Td>{new Date(c.updatedAt).toLocaleString('zh-CN', { hour12: false })}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Existing cases: by case number (also scanned from a barcode/QR by a keyboard-wedge scanner), ID, name, phone, credit code. */
function FindCase() {
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const [result, setResult] = useState<CaseSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function find() {
    setError(null);
    try {
      const found = await api.intake.search({ query });
      // A scanned barcode or a typed number that matches exactly opens the case at once.
      if (found.length === 1 && found[0]!.caseNumber === query.trim().toUpperCase()) navigate(`/intake/case/${found[0]!.id}`);
      else setResult(found);
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <Stack>
      <Group align="flex-end">
        <TextInput
          label={t('查找办件')}
          placeholder={t('办件编号（可扫码）、证件号码、姓名、电话、信用代码或单位名称')}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && void find()}
          w={460}
        />
        <Button variant="default" onClick={() => void find()} disabled={!query.trim()}>
          {t('查找')}
        </Button>
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      {result && <CaseTable cases={result} empty={t('没有找到符合条件的办件。')} />}
    </Stack>
  );
}

export function IntakeHome() {
  const [drafts, setDrafts] = useState<CaseSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.intake
      .drafts()
      .then(setDrafts)
      .catch((err: unknown) => setError(errorText(err)));
  }, []);
  return (
    <Stack maw={1300}>
      <Group justify="space-between">
        <Title order={2}>{t('一窗收件')}</Title>
        <Text size="sm" c="dimmed">
          <Kbd>↑</Kbd> <Kbd>↓</Kbd> {t('选择 ·')} <Kbd>Enter</Kbd> {t('确定')}
        </Text>
      </Group>
      <HallPanel />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <StartCase />
        <Card withBorder padding="lg">
          <Stack>
            <Title order={3}>{t('草稿与待补正')}</Title>
            {error && <Alert color="red">{error}</Alert>}
            {drafts && <CaseTable cases={drafts} empty={t('没有未完成的办件。')} />}
          </Stack>
        </Card>
      </SimpleGrid>
      <Card withBorder padding="lg">
        <FindCase />
      </Card>
    </Stack>
  );
}
