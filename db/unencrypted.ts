// Kept apart from cipher.ts so that the blob store can name it without loading the native SQLite module.

/** Opens a store without encryption: the overhead benchmark's baseline and legacy-store tests only. */
export const UNENCRYPTED: unique symbol = Symbol('unencrypted');
