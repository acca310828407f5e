import type { z } from 'zod';
import type { Role } from '../roles.js';

// One method of the host contract. Method groups live in their own files under
// shared/api/ and are merged into `hostApi` in contract.ts.

/** `public`: callable without a session; `signedIn`: any unlocked session; or a list of roles. */
export type Access = 'public' | 'signedIn' | readonly Role[];

export interface MethodSpec<I extends z.ZodType, O extends z.ZodType> {
  input: I;
  output: O;
  access: Access;
}

export function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, access: Access): MethodSpec<I, O> {
  return { input, output, access };
}

