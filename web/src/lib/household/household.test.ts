import { describe, expect, it } from 'vitest';
import { m, t } from '$lib/i18n';
import type { AddMinorInput, Minor } from '$shared/household';
import { refusal, useFakeApi, useMessages } from '../../../../tests/support/fake-api';
import { AddMinorForm, MinorSignIn } from './household.svelte';

const giulia: Minor = {
  id: '00000000-0000-4000-8000-0000000000c1',
  name: 'Giulia',
  birthDate: '2011-03-12',
  disability: false,
  userId: null,
  email: null,
};

describe('a guardian adds a child to the household', () => {
  useMessages();

  function adding(online = true) {
    const sent: (AddMinorInput & { id: string })[] = [];
    return {
      form: new AddMinorForm(
        async (minor) => void sent.push(minor),
        () => online,
      ),
      sent,
    };
  }

  it('sends nothing until the name and birth date are there, and names what is missing', async () => {
    const { form, sent } = adding();
    await form.submit();
    expect(sent).toEqual([]);
    expect(form.form.errors).toEqual({ name: t('field_name'), birthDate: t('field_birth_date') });
    form.name = 'Giulia';
    form.form.recheck(form.values());
    expect(Object.keys(form.form.errors)).toEqual(['birthDate']);
  });

  it('puts the child in the outbox with an id of its own, says so, and empties the form', async () => {
    const { form, sent } = adding();
    form.name = ' Giulia ';
    form.birthDate = '2011-03-12';
    form.disability = true;
    await form.submit();
    expect(sent).toEqual([{ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'Giulia', birthDate: '2011-03-12', disability: true }]);
    expect(form.added).toBe(m.household_minor_added({ name: 'Giulia' }));
    expect(form.values()).toEqual({ name: '', birthDate: '', disability: false });
    expect(form.form.errors).toEqual({});
  });

  it('says the child waits for the network when the device is offline', async () => {
    const { form } = adding(false);
    form.name = 'Giulia';
    form.birthDate = '2011-03-12';
    await form.submit();
    expect(form.added).toBe(m.household_minor_waiting({ name: 'Giulia' }));
  });

  it('keeps what was typed when the device could not take it, and says why', async () => {
    const form = new AddMinorForm(
      async () => Promise.reject(new Error('No one is signed in on this device.')),
      () => true,
    );
    form.name = 'Giulia';
    form.birthDate = '2011-03-12';
    await form.submit();
    expect(form.form.message).toBe(m.error_internal());
    expect(form.added).toBeNull();
    expect(form.name).toBe('Giulia');
  });
});

describe('a guardian gives a child a sign-in of their own', () => {
  useMessages();
  const server = useFakeApi();
  const SIGN_IN = `/api/household/minors/${giulia.id}/sign-in` as const;

  it('opens the form empty for the child chosen, and closes it', () => {
    const signIn = new MinorSignIn(async () => {});
    signIn.email = 'left@over.it';
    signIn.open(giulia);
    expect(signIn.minor).toEqual(giulia);
    expect(signIn.email).toBe('');
    signIn.close();
    expect(signIn.minor).toBeNull();
  });

  it('creates the sign-in, says so, closes the form and brings the household up to date', async () => {
    let synced = 0;
    const signIn = new MinorSignIn(async () => void synced++);
    server().on(`POST ${SIGN_IN}`, { ok: true });
    signIn.open(giulia);
    signIn.email = 'giulia@example.it';
    signIn.password = 'una-password-lunga';
    await signIn.submit();
    expect(server().to(`POST ${SIGN_IN}`)[0].body).toEqual({ email: 'giulia@example.it', password: 'una-password-lunga' });
    expect(signIn.created).toBe(m.household_sign_in_created({ name: 'Giulia', email: 'giulia@example.it' }));
    expect(signIn.minor).toBeNull();
    expect(synced).toBe(1);
  });

  it('sends nothing with a password too short', async () => {
    const signIn = new MinorSignIn(async () => {});
    signIn.open(giulia);
    signIn.email = 'giulia@example.it';
    signIn.password = 'corta';
    await signIn.submit();
    expect(server().sent).toEqual([]);
    expect(Object.keys(signIn.form.errors)).toEqual(['password']);
  });

  it("shows the server's refusal beside the field it is about, the form still open", async () => {
    const signIn = new MinorSignIn(async () => {});
    server().on(
      `POST ${SIGN_IN}`,
      refusal(409, 'email_taken', 'This email is already used.', [{ path: 'email', code: 'email_taken', message: 'Already used.' }]),
    );
    signIn.open(giulia);
    signIn.email = 'taken@example.it';
    signIn.password = 'una-password-lunga';
    await signIn.submit();
    expect(signIn.form.message).toBe('This email is already used.');
    expect(signIn.form.errors).toEqual({ email: 'Already used.' });
    expect(signIn.minor).toEqual(giulia);
    expect(signIn.created).toBeNull();
  });
});
