import { Alert, Badge, Card, Group, Loader, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { Route, Routes, useNavigate } from 'react-router';
import type { MethodOutput } from '../../shared/api/contract';
import { LIFE_STAGE_LABELS, LIFE_STAGES, type LifeStage } from '../../shared/catalog';
import { api, errorText } from '../api';
import { BundlePage } from './BundlePage';
import { t } from '../i18n';

type Bundles = MethodOutput<'catalog.bundles'>;

function BundleList() {
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query, 150);
  const [serviceObject, setServiceObject] = useState<'all' | 'individual' | 'enterprise'>('all');
  const [lifeStage, setLifeStage] = useState<LifeStage | null>(null);
  const [result, setResult] = useState<Bundles | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    api.catalog
      .bundles({
        ...(debounced.trim() ? { query: debounced.trim() } : {}),
        ...(serviceObject !== 'all' ? { serviceObject } : {}),
        ...(lifeStage ? { lifeStage } : {}),
      })
      .then((r) => alive && (setResult(r), setError(null)))
      .catch((err: unknown) => alive && setError(errorText(err)));
    return () => {
      alive = false;
    };
  }, [debounced, serviceObject, lifeStage]);

  return (
    <Stack maw={1200}>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('事项库')}</Title>
        {result && (
          <Text size="sm" c="dimmed">
            {t('目录版本')} {result.version}
          </Text>
        )}
      </Group>
      <Group align="flex-end">
        <TextInput
          label={t('搜索“一件事”或事项')}
          placeholder={t('名称、拼音或首字母，如 xse')}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          w={320}
          autoFocus
        />
        <SegmentedControl
          aria-label={t('服务对象')}
          value={serviceObject}
          onChange={(v) => setServiceObject(v as typeof serviceObject)}
          data={[
            { value: 'all', label: t('全部') },
            { value: 'individual', label: t('个人') },
            { value: 'enterprise', label: t('法人') },
          ]}
        />
        <Select
          label={t('阶段')}
          placeholder={t('全部阶段')}
          clearable
          value={lifeStage}
          onChange={(v) => setLifeStage(v as LifeStage | null)}
          data={LIFE_STAGES.map((s) => ({ value: s, label: LIFE_STAGE_LABELS[s] }))}
          w={160}
        />
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      {!result && !error && <Loader />}
      {result && result.bundles.length === 0 && <Text c="dimmed">{t('没有找到匹配的“一件事”，请换个关键词或清除筛选条件。')}</Text>}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {result?.bundles.map((b) => (
          <UnstyledButton key={b.id} onClick={() => void navigate(`/catalog/${b.id}`)}>
            <Card withBorder h="100%">
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Text fw={700}>{b.name}</Text>
                <Badge variant="light" color={b.serviceObject === '法人' /* i18n-exempt: catalog value */ ? 'grape' : 'teal'}>
                  {b.serviceObject}
                </Badge>
              </Group>
              <Text size="sm" c="dimmed">
                {b.region} {t('· 牵头：')}{b.leadDepartment}
              </Text>
              <Group gap={6} mt="xs">
                <Badge variant="outline" size="sm">
                  {b.itemCount} {t('个事项')}
                </Badge>
                {b.promisedDays !== null && (
                  <Badge variant="outline" size="sm">
                    {t('承诺')} {b.promisedDays} {t('个工作日')}
                  </Badge>
                )}
                {b.lifeStages.map((s) => (
                  <Badge key={s} variant="dot" size="sm" color="gray">
                    {s}
                  </Badge>
                ))}
              </Group>
            </Card>
          </UnstyledButton>
        ))}
      </SimpleGrid>
    </Stack>
  );
}

export function CatalogPage() {
  return (
    <Routes>
      <Route index element={<BundleList />} />
      <Route path=":id" element={<BundlePage />} />
    </Routes>
  );
}
