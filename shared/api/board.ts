import { z } from 'zod';
import { PRIORITY_REASONS } from '../intake.js';
import { syncStatusSchema } from './sync.js';
import { method } from './method.js';

// 电子监察 · 今日看板: the hall's figures of today in one call, each from one index range query.

/** The board reloads this often while it is open (and when the window gets focus again). */
export const BOARD_REFRESH_MS = 30_000;
/** A hall device not heard from for this long counts as offline (sync runs every 30 s). */
export const DEVICE_OFFLINE_AFTER_MS = 5 * 60_000;
/** Rows of a board list; the count beside it is complete. */
export const BOARD_LIST_LIMIT = 50;

const count = z.number().int().nonnegative();

/** Applicants waiting in one place, split by 绿色通道 reason; `total - priority` are in the normal lane. */
const laneSchema = z.object({
  total: count,
  priority: count,
  byReason: z.record(z.enum(PRIORITY_REASONS), count),
});

/** What GET /sync/hall-devices answers (central service, device token). */
export const hallDevicesResponseSchema = z.object({
  /** The service's clock, so that last-seen is judged without the counter's clock skew. */
  now: z.string(),
  hallCode: z.string(),
  devices: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      departments: z.array(z.string()),
      enrolledAt: z.string(),
      lastSeenAt: z.string().nullable(),
    }),
  ),
});
export type HallDevicesResponse = z.infer<typeof hallDevicesResponseSchema>;

export const boardSchema = z.object({
  /** China date the figures are for. */
  today: z.string(),
  generatedAt: z.string(),
  cases: z.object({
    /** First accepted today (受理), whatever their state now. */
    acceptedToday: count,
    /** Now with the departments (审批中). */
    inReview: count,
    /** Now waiting for the applicant's correction (待补正). */
    correction: count,
    /** Every item decided, waiting for delivery (待出件). */
    ready: count,
    /** Fully handed over or confirmed delivered by mail today. */
    deliveredToday: count,
  }),
  waiting: z.object({
    /** Drafts started today and not yet decided: applicants at the intake counter. */
    intake: laneSchema,
    /** Results waiting at the delivery window (the delivery queue). */
    delivery: laneSchema,
  }),
  /** 绿色通道 and 帮办代办 · 上门服务 today. */
  assisted: z.object({
    /** Cases accepted today, split by 绿色通道 reason. */
    accepted: laneSchema,
    /** Distinct cases with a 帮办代办 record made today; by mode (a case may have both). */
    cases: count,
    help: count,
    proxy: count,
    /** Home visits recorded today: applications taken in, results handed over. */
    homeIntake: count,
    homeDelivery: count,
  }),
  /** 叫号: waits of the applicants whose cases were accepted today and started from a queue ticket (seconds). */
  queueWaits: z.object({
    cases: count,
    /** Ticket issued → called to the window; null when no such case. */
    issuedToCalled: z.object({ avgSeconds: count, maxSeconds: count }).nullable(),
    /** Called → case accepted (受理). */
    calledToAccepted: z.object({ avgSeconds: count, maxSeconds: count }).nullable(),
  }),
  /** 办不成事 反映窗口: records being worked on (待分派、办理中), those past their deadline, resolved today; the overdue ones listed, earliest deadline first. */
  escalations: z.object({
    open: count,
    overdue: count,
    resolvedToday: count,
    overdueRows: z.array(z.object({ id: z.string(), number: z.string(), problem: z.string(), deadline: z.string(), leadStaff: z.string().nullable() })),
  }),
  /** Counts of supervision.warnings; `capped`: more warnings than were read. */
  deadlines: z.object({ red: count, yellow: count, capped: z.boolean() }),
  /** 容缺受理 cases still open whose commitment deadline has passed with materials outstanding. */
  overdueCommitments: z.object({
    total: count,
    rows: z.array(
      z.object({
        caseId: z.string(),
        caseNumber: z.string().nullable(),
        bundleName: z.string(),
        applicant: z.string(),
        commitmentDeadline: z.string(),
        overdueWorkdays: z.number().int(),
        materials: z.array(z.string()),
      }),
    ),
  }),
  /** 重复办件 flagged after sync (two counters, one applicant), waiting for the supervisor's decision. */
  duplicatesAwaiting: count,
  /** 材料流转 of 代收代办 cases (sent from here or to be received here) past their promised arrival. */
  transfersOverdue: count,
  sync: z.object({
    rejected: count,
    conflicts: count,
    latestRejected: z.array(
      z.object({
        eventId: z.string(),
        caseId: z.string().nullable(),
        caseNumber: z.string().nullable(),
        type: z.string(),
        code: z.string().nullable(),
        reason: z.string().nullable(),
        at: z.string(),
      }),
    ),
  }),
  devices: z.object({
    self: z.object({
      state: syncStatusSchema.shape.state,
      label: z.string(),
      lastSuccessAt: z.string().nullable(),
      offline: z.boolean(),
    }),
    hall: z.discriminatedUnion('reachable', [
      z.object({
        reachable: z.literal(true),
        checkedAt: z.string(),
        offline: count,
        devices: z.array(
          z.object({
            id: z.string(),
            label: z.string(),
            lastSeenAt: z.string().nullable(),
            offline: z.boolean(),
            self: z.boolean(),
          }),
        ),
      }),
      /** Why the hall's other devices are unknown now (not configured, not enrolled, unreachable …). */
      z.object({ reachable: z.literal(false), reason: z.string() }),
    ]),
  }),
  calendarWarning: z.string().nullable(),
});
export type Board = z.infer<typeof boardSchema>;

export const boardMethods = {
  'supervision.board': method(z.object({}).strict(), boardSchema, ['supervisor']),
} as const;
