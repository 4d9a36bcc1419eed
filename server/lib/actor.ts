/**
 * Who is acting. Services take the actor first and authorise on their first line, so the CLI and
 * the API obey the same rules. `system` is the operator at the command line; signed-in people
 * arrive with the identity module.
 */
export type Actor = { kind: 'system' } | { kind: 'anonymous' };

export const SYSTEM: Actor = Object.freeze({ kind: 'system' });
export const ANONYMOUS: Actor = Object.freeze({ kind: 'anonymous' });
