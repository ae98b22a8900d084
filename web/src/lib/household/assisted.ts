import { api } from '$lib/services/api';
import { t } from '$lib/i18n';
import { isMutationName, MUTATIONS } from '$shared/sync';
import type { AssistedAction } from '$shared/assist';

/** What operators did for the household at a hub's desk, newest first. */
export async function assistedHistory(): Promise<AssistedAction[]> {
  return (await (await api.assist.history.$get()).json()).actions;
}

/** An action as the family reads it: a change's own label ("Apply to a call"), or the desk's own ones. */
export function assistedLabel(action: string): string {
  if (isMutationName(action)) return t(MUTATIONS[action].label);
  return action === 'card.issue' ? t('assisted_card_issue') : action;
}
