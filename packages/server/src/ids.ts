import { monotonicFactory } from 'ulid';

/** Time-ordered ids (ULID): rows sort by creation, and ids made in one millisecond still increase. */
export const newId: () => string = monotonicFactory();
