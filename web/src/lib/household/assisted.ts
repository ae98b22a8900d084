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
  const own: Record<string, string> = {
    'card.issue': 'assisted_card_issue',
    'card.end': 'assisted_card_end',
    'card.pin': 'assisted_card_pin',
    'household.signIn': 'assisted_sign_in',
    'event.signup': 'assisted_event_signup',
    'event.withdraw': 'assisted_event_withdraw',
  };
  return own[action] ? t(own[action]) : t('assisted_other');
}
