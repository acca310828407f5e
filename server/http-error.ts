// Errors the central service answers with: an HTTP status and the same `{ code, message,
// details }` body the counter shows. Messages are Chinese and say how to go on.

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'HttpError';
  }

  body(): { code: string; message: string; details?: Record<string, unknown> } {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}

export const badInput = (message: string, details?: Record<string, unknown>) => new HttpError(400, 'INVALID_INPUT', message, details);
