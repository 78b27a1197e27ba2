// The limits the check app runs with, and the checks exceed: one definition for both.

/** Small enough that a check can exceed it without sending much. */
export const MAX_PARSED_BODY_BYTES = 1024;
/** Fields in a form or query string before 413/422. */
export const MAX_FIELDS = 20;
