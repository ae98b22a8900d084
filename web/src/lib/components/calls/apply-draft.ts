/** The application as typed: numbers still text (an ISEE copied from the certificate), a choice not made yet ''. */
export type ApplyDraft = {
  id: string;
  resident: boolean;
  isee: string;
  dsu: string;
  singleParent: '' | 'yes' | 'no';
  disabledAdults: string;
  consent: boolean;
};

/** Where this person's draft for a call is kept on the device (their own database: per person already). */
export const applyDraftKey = (callId: string) => `call.apply:${callId}`;

export function emptyApplyDraft(): ApplyDraft {
  return { id: crypto.randomUUID(), resident: false, isee: '', dsu: '', singleParent: '', disabledAdults: '0', consent: false };
}
