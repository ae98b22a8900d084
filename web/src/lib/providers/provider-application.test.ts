import { describe, expect, it, vi } from 'vitest';
import * as v from 'valibot';
import { t } from '$lib/i18n';
import { ApplicationSchema } from '$shared/provider';
import { refusal, useFakeApi, useMessages } from '../../../../tests/support/fake-api';
import { anApplication, aProviderRecord } from '../../../../tests/support/providers';
import { applicationOf, draftOf } from './application-draft.svelte';
import { ProviderApplication } from './provider-application.svelte';

const askedForChanges = aProviderRecord({ status: 'changes_requested', statusReason: 'Manca la polizza.' });

describe("a provider's own application", () => {
  useMessages();
  const server = useFakeApi();

  async function opened() {
    server().on('GET /api/provider/application', { provider: askedForChanges });
    const own = new ProviderApplication();
    await vi.waitFor(() => expect(own.application.loading).toBe(false));
    return own;
  }

  it('loads the file, and starts the draft from it', async () => {
    const own = await opened();
    expect(own.application.data).toEqual(askedForChanges);
    expect(own.draft).toEqual(draftOf(askedForChanges));
    expect(own.draft?.municipio).toBe('4');
  });

  it('sends it again as the schema reads it, and shows it as the server has it', async () => {
    const own = await opened();
    const resent = aProviderRecord({ status: 'applied', phone: '+39 02 555 0199' });
    server().on('PUT /api/provider/application', { provider: resent });
    own.draft!.phone = '+39 02 555 0199';
    await own.save();
    expect(server().to('PUT /api/provider/application')[0].body).toEqual(
      v.parse(ApplicationSchema, applicationOf(draftOf(anApplication({ phone: '+39 02 555 0199' })))),
    );
    expect(own.application.data).toEqual(resent);
    expect(own.draft).toEqual(draftOf(resent));
    expect(own.saved).toBe(true);
  });

  it('sends nothing the schema refuses, and names the field', async () => {
    const own = await opened();
    own.draft!.taxCode = '123';
    await own.save();
    expect(server().to('PUT /api/provider/application')).toEqual([]);
    expect(own.form.errors).toEqual({ taxCode: t('field_tax_code') });
  });

  it('keeps what was typed and says why when the server refuses', async () => {
    const own = await opened();
    server().on('PUT /api/provider/application', refusal(409, 'provider_not_editable', 'The city is deciding.'));
    own.draft!.phone = '+39 02 555 0199';
    await own.save();
    expect(own.form.message).toBe('The city is deciding.');
    expect(own.saved).toBe(false);
    expect(own.draft?.phone).toBe('+39 02 555 0199');
  });
});
