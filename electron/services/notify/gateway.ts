// What the notifier needs from an SMS provider. `id` is stable across resends of one message
// (after a retry or a crash), so a provider that dedupes by it sends each message at most once.

export interface SmsMessage {
  id: string;
  /** Mainland mobile number. */
  recipient: string;
  body: string;
}

export interface SmsGateway {
  send(msg: SmsMessage): Promise<{ providerRef: string }>;
}

/**
 * A send that did not go through. `message` is Chinese for the clerk and `code` a short class for
 * the log (`timeout`, `network`, `http_503` …); neither ever carries the phone number or the text.
 */
export class GatewayError extends Error {
  readonly permanent: boolean;
  readonly code: string;
  /** The provider asked us to wait this long (HTTP Retry-After). */
  readonly retryAfterMs: number | null;

  constructor(message: string, opts: { permanent: boolean; code: string; retryAfterMs?: number | null }) {
    super(message);
    this.name = 'GatewayError';
    this.permanent = opts.permanent;
    this.code = opts.code;
    this.retryAfterMs = opts.retryAfterMs ?? null;
  }
}
