import { z } from 'zod';
import { calendarOverridesSchema } from './calendar.js';
import { DEFAULT_ID_CARD_SETTINGS, idCardSettingsSchema } from './idcard.js';
import { notificationSettingsSchema } from './notify.js';
import { scannerSettingsSchema } from './scanner.js';
import { hallQueueSettingsSchema } from './hall-queue.js';

// One settings schema for both shells (electron-store in Electron, conf in browser mode).

export const installationSchema = z.object({
  deviceId: z.string().min(1),
  hallName: z.string().min(1).max(100),
  hallCode: z.string().max(32),
  counterName: z.string().min(1).max(50),
});
export type Installation = z.infer<typeof installationSchema>;

export const IDLE_LOCK_MIN_SECONDS = 5;
export const IDLE_LOCK_MAX_SECONDS = 8 * 60 * 60;

export const settingsSchema = z.object({
  /** Written by the first-run setup; null until then (deviceId lives here from the first start). */
  installation: installationSchema.nullable().default(null),
  deviceId: z.string().nullable().default(null),
  idleLockSeconds: z.number().int().min(IDLE_LOCK_MIN_SECONDS).max(IDLE_LOCK_MAX_SECONDS).default(600),
  centralUrl: z.string().url().nullable().default(null),
  /** PEM file of the hall's private CA that signed the central service's certificate. */
  centralCaFile: z.string().max(500).nullable().default(null),
  /** Where applicants ask about progress; printed on every notice. */
  queryChannel: z.string().trim().min(1).max(200).default('政务服务便民热线 12345'),
  /** The hall admin's additions to the statutory calendar (shared/calendar.ts). */
  calendarOverrides: calendarOverridesSchema.default([]),
  idcard: idCardSettingsSchema.default(DEFAULT_ID_CARD_SETTINGS),
  scanner: scannerSettingsSchema.prefault({}),
  notifications: notificationSettingsSchema.prefault({}),
  delivery: z
    .object({
      /** Base of the rating link sent in reminders (the province's 好差评 page); the code is appended. */
      ratingUrl: z.string().url().nullable().default(null),
      /** Hours after a visit without a rating before the reminder message goes out. */
      ratingReminderHours: z.number().int().min(1).max(24 * 30).default(24),
      /** Tell applicants by SMS as soon as results are ready (else the clerk sends it from the queue). */
      autoNotify: z.boolean().default(true),
      /** Printed as the sender on waybills; the hall's name and query channel when unset. */
      senderAddress: z.string().trim().min(4).max(200).nullable().default(null),
      senderPhone: z.string().trim().min(3).max(40).nullable().default(null),
    })
    .prefault({}),
  /** 电子化归档: the hall's archive folder (a share); null means `<data dir>/archive`. */
  archive: z.object({ dir: z.string().trim().min(1).max(500).nullable().default(null) }).prefault({}),
  /** 预约 and 叫号: the hall's booking system (file drop, HTTP pull) and queue system adapters. */
  hallQueue: hallQueueSettingsSchema.prefault({}),
  window: z
    .object({ x: z.number().int(), y: z.number().int(), width: z.number().int().min(400), height: z.number().int().min(300), maximized: z.boolean() })
    .nullable()
    .default(null),
});
export type Settings = z.infer<typeof settingsSchema>;

/** Persistent settings as the host sees them, whichever library stores them. */
export interface SettingsStore {
  read(): Settings;
  update(patch: Partial<Settings>): Settings;
}
