import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CARD_TYPES, idCardPhotoSchema, maskName, type CardFields, type SimulatorScenario } from '../../../shared/idcard.js';
import { pollForCard, ReadGate, sleep } from './poll.js';
import { IdCardError, messages, type IdCardReader, type ReadOptions, type ReaderStatus } from './types.js';

// A reader for development, training and tests. Cards come from the built-in demo set or a
// JSON file; the developer panel "places" one, or sets up a failure: no card, card moved
// away mid-read, an expired card, an unreadable card, the reader unplugged.

export interface SimCard extends CardFields {
  label: string;
}

export type Placement = number | SimulatorScenario;

export interface SimulatorReader extends IdCardReader {
  readonly driver: 'simulator';
  cards(): readonly { index: number; label: string }[];
  placed(): Placement;
  place(p: Placement): void;
}

const simCardSchema = z.object({
  label: z.string().max(60).optional(),
  cardType: z.enum(CARD_TYPES),
  name: z.string(),
  sex: z.string(),
  ethnicity: z.string().default(''),
  birthDate: z.string(),
  address: z.string().default(''),
  idNumber: z.string(),
  issuer: z.string().default(''),
  validFrom: z.string(),
  validTo: z.string(),
  photo: idCardPhotoSchema.nullable().default(null),
  englishName: z.string().optional(),
  nationality: z.string().optional(),
});
const cardsFileSchema = z.union([z.array(simCardSchema), z.object({ cards: z.array(simCardSchema) })]);

/** Reads a cards file; any problem is a `config` error naming the file, never its contents. */
export function loadSimulatorCards(path: string): SimCard[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new IdCardError('config', messages.config(`模拟证件文件“${path}”无法读取`));
  }
  let parsed: z.infer<typeof cardsFileSchema>;
  try {
    parsed = cardsFileSchema.parse(JSON.parse(text));
  } catch {
    throw new IdCardError('config', messages.config(`模拟证件文件“${path}”格式不对（应为证件数组或 {"cards": [...]}）`));
  }
  const list = Array.isArray(parsed) ? parsed : parsed.cards;
  if (list.length === 0) throw new IdCardError('config', messages.config(`模拟证件文件“${path}”中没有证件`));
  return list.map((c, i) => ({ ...c, label: c.label ?? `${i + 1}. ${maskName(c.name)}` }));
}

function shiftYears(ymd: string, years: number): string {
  const [y, m, d] = ymd.split('-') as [string, string, string];
  return `${String(Number(y) + years).padStart(4, '0')}-${m}-${d === '29' && m === '02' ? '28' : d}`;
}

/** `today` (YYYY-MM-DD) makes the "expired card" scenario expired whatever the date. */
export function createSimulatorReader(opts: { cards: readonly SimCard[]; readDelayMs: number; today: () => string }): SimulatorReader {
  const gate = new ReadGate();
  let placement: Placement = 'none';

  function expiredCard(): CardFields {
    // The first card, with a ten-year period that ended last year.
    const base = opts.cards[0]!;
    const today = opts.today();
    const validTo = shiftYears(`${today.slice(0, 4)}-${base.birthDate.slice(5)}`, -1);
    const from = shiftYears(validTo, -10);
    return { ...base, validFrom: from < base.birthDate ? base.birthDate : from, validTo };
  }

  async function readOnce(ro: ReadOptions): Promise<CardFields | null> {
    const at = placement;
    switch (at) {
      case 'none':
        return null;
      case 'unplugged':
        throw new IdCardError('not_connected', messages.notConnected('模拟：读卡器已拔出'));
      case 'unreadable':
        await sleep(opts.readDelayMs, ro.signal);
        throw new IdCardError('unreadable', messages.unreadable());
      case 'removed':
        await sleep(opts.readDelayMs / 2, ro.signal);
        placement = 'none';
        throw new IdCardError('removed', messages.removed());
      default: {
        await sleep(opts.readDelayMs, ro.signal);
        if (placement !== at) throw new IdCardError('removed', messages.removed());
        const { label: _label, ...card } = at === 'expired' ? { ...expiredCard(), label: '' } : opts.cards[at]!;
        return structuredClone(card);
      }
    }
  }

  return {
    driver: 'simulator',
    cards: () => opts.cards.map((c, index) => ({ index, label: c.label })),
    placed: () => placement,
    place(p) {
      if (typeof p === 'number' && (!Number.isInteger(p) || p < 0 || p >= opts.cards.length)) {
        throw new IdCardError('config', messages.config(`模拟证件只有 ${opts.cards.length} 张，没有第 ${Number(p) + 1} 张`));
      }
      placement = p;
    },
    async open() {},
    read: (ro) => gate.run(() => pollForCard(ro, () => readOnce(ro))),
    async close() {},
    async status(): Promise<ReaderStatus> {
      if (placement === 'unplugged') return { state: 'disconnected', label: messages.notConnected('模拟：读卡器已拔出') };
      if (gate.busy) return { state: 'busy', label: '正在读卡' };
      return { state: 'connected', label: '已连接（模拟读卡器）' };
    },
  };
}
