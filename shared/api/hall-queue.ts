import { z } from 'zod';
import { CASE_STATES } from '../case-machine.js';
import { hallQueueSettingsSchema, TICKET_LANES } from '../hall-queue.js';
import { method } from './method.js';

// 预约 and 叫号 at the intake counter. The current ticket lives in the host (kept across a
// restart); starting a case from it or from an appointment goes through intake.start with `source`.

const COUNTER = ['intake', 'supervisor'] as const;
const empty = z.object({}).strict();

const appointmentRef = z.object({
  id: z.string(),
  name: z.string(),
  phoneMasked: z.string(),
  idNumberMasked: z.string().nullable(),
  bundleId: z.string(),
  bundleName: z.string(),
  date: z.string(),
  slot: z.string(),
});

export const appointmentViewSchema = appointmentRef.extend({
  /** The case started from it on this device, if any. */
  caseId: z.string().nullable(),
  caseNumber: z.string().nullable(),
  caseState: z.enum(CASE_STATES).nullable(),
});
export type AppointmentView = z.infer<typeof appointmentViewSchema>;

export const ticketViewSchema = z.object({
  number: z.string(),
  lane: z.enum(TICKET_LANES),
  bundleId: z.string().nullable(),
  /** The bundle's name; null when the ticket names none (or one the catalog does not know). */
  bundleName: z.string().nullable(),
  appointmentId: z.string().nullable(),
  /** The appointment the ticket was drawn for, when it is in today's list. */
  appointment: appointmentRef.nullable(),
  issuedAt: z.string(),
  calledAt: z.string(),
  recalls: z.number().int().nonnegative(),
  caseId: z.string().nullable(),
  caseNumber: z.string().nullable(),
});
export type TicketView = z.infer<typeof ticketViewSchema>;

export const queueStateSchema = z.object({
  configured: z.boolean(),
  windowNo: z.string(),
  /** How to set the queue adapter up, when it is not. */
  hint: z.string().nullable(),
  ticket: ticketViewSchema.nullable(),
});
export type QueueState = z.infer<typeof queueStateSchema>;

const importReportSchema = z.object({
  at: z.string(),
  files: z.array(z.object({ name: z.string(), imported: z.number().int(), errors: z.array(z.string()) })),
  /** The HTTP pull: null when not configured. */
  pull: z.object({ imported: z.number().int(), errors: z.array(z.string()) }).nullable(),
  /** Files left for the next pass (still being written). */
  waiting: z.array(z.string()),
  /** The drop folder could not be read. */
  folderError: z.string().nullable(),
});
export type ImportReport = z.infer<typeof importReportSchema>;

export const appointmentListSchema = z.object({
  date: z.string(),
  configured: z.boolean(),
  hint: z.string().nullable(),
  /** In time-slot order. */
  rows: z.array(appointmentViewSchema),
  /** Problems of the files imported today (bad rows), newest first. */
  problems: z.array(z.object({ file: z.string(), at: z.string(), errors: z.array(z.string()) })),
  /** The drop folder could not be read just now. */
  folderError: z.string().nullable(),
});
export type AppointmentList = z.infer<typeof appointmentListSchema>;

export const hallQueueMethods = {
  'hallQueue.current': method(empty, queueStateSchema, COUNTER),
  /** Calls the next ticket for this window (priority lane first). */
  'hallQueue.callNext': method(empty, z.object({ state: queueStateSchema, empty: z.boolean() }), COUNTER),
  'hallQueue.recall': method(empty, queueStateSchema, COUNTER),
  /** 过号: the applicant did not come; the ticket is released. */
  'hallQueue.noShow': method(empty, queueStateSchema, COUNTER),
  'hallQueue.transfer': method(
    z.object({ toWindow: z.string().trim().min(1, '请填写要转到的窗口号').max(20, '窗口号不能超过 20 个字符') }).strict(),
    queueStateSchema,
    COUNTER,
  ),
  /** The day's appointments (today when no date); files waiting in the drop folder are imported first. */
  'hallQueue.appointments': method(z.object({ date: z.string().date('日期应为 年-月-日').optional() }).strict(), appointmentListSchema, COUNTER),
  /** Imports the drop folder and pulls from the booking system now. */
  'hallQueue.importNow': method(empty, z.object({ report: importReportSchema, list: appointmentListSchema }), COUNTER),
  'admin.hallQueueSettings': method(empty, hallQueueSettingsSchema, ['admin']),
  'admin.hallQueueConfigure': method(hallQueueSettingsSchema, hallQueueSettingsSchema, ['admin']),
} as const;
