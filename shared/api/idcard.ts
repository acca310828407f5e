import { z } from 'zod';
import {
  idCardErrorEntrySchema,
  idCardReadResultSchema,
  idCardSettingsSchema,
  idCardStatusSchema,
  idCardTestResultSchema,
  SIMULATOR_SCENARIOS,
} from '../idcard.js';
import { method } from './method.js';

// The ID-card reader. A read returns personal data, so only the roles that identify applicants
// may read; the status and the simulator panel carry none.

const READERS = ['intake', 'supervisor', 'delivery'] as const;
const empty = z.object({}).strict();
const settingsView = z.object({ settings: idCardSettingsSchema, errors: z.array(idCardErrorEntrySchema) });

export const idcardMethods = {
  'idcard.read': method(z.object({ timeoutMs: z.number().int().min(1000).max(25_000).optional() }).strict(), idCardReadResultSchema, READERS),
  // Cancelling a wait reveals nothing; the admin's test read needs it too.
  'idcard.cancel': method(empty, z.object({ cancelled: z.boolean() }), 'signedIn'),
  'idcard.status': method(z.object({ probe: z.boolean().default(false) }).strict(), idCardStatusSchema, 'signedIn'),
  'idcard.test': method(empty, idCardTestResultSchema, ['admin']),
  /** Developer panel; refused unless the simulator driver is active. */
  'idcard.simulate': method(
    z.union([z.object({ card: z.number().int().min(0).max(999) }).strict(), z.object({ scenario: z.enum(SIMULATOR_SCENARIOS) }).strict()]),
    idCardStatusSchema,
    'signedIn',
  ),
  'admin.getIdcardSettings': method(empty, settingsView, ['admin']),
  'admin.updateIdcardSettings': method(idCardSettingsSchema, settingsView, ['admin']),
} as const;
