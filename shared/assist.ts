// Assisted mode: at a hub's desk, an operator acts for a family that handed over its card and PIN. Every
// change made so is recorded as the operator's, for that household, and the family sees it.

/** How long an assisted session lasts at most; the operator ends it sooner, when the family leaves the desk. */
export const ASSIST_SESSION_MS = 30 * 60_000;

/** Who is helping, as the family's pages show it while they do (with the family's language beside). */
export type AssistInfo = { operator: { name: string; language: string }; hubName: string };

/** One thing an operator did for the household: a change's name ("call.apply", "card.issue"), when, by whom, where. */
export type AssistedAction = { action: string; at: string; operator: string; hubName: string | null };
