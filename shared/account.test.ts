import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { LoginSchema, RegisterGuardianSchema } from './account';
import { issueToField } from './validation';

const fields = (schema: v.GenericSchema, input: unknown) => (v.safeParse(schema, input).issues ?? []).map(issueToField);

describe('account input', () => {
  it('normalises emails so one person has one address', () => {
    expect(v.parse(LoginSchema, { email: '  Amina@Example.COM ', password: 'x' }).email).toBe('amina@example.com');
  });

  it('lets any password be tried at sign-in but asks for 10 characters at registration', () => {
    expect(v.safeParse(LoginSchema, { email: 'a@b.it', password: 'short' }).success).toBe(true);
    const ok = { email: 'a@b.it', password: '1234567890', name: 'A', language: 'it', municipio: 1 };
    expect(v.safeParse(RegisterGuardianSchema, ok).success).toBe(true);
    expect(fields(RegisterGuardianSchema, { ...ok, password: '123456789' })).toEqual([{ path: 'password', code: 'field_password' }]);
  });

  it('names missing fields as required and wrong ones by their own key', () => {
    expect(fields(RegisterGuardianSchema, { email: 'a@b.it', password: '1234567890', name: 'A', language: 'xx' })).toEqual([
      { path: 'language', code: 'field_language' },
      { path: 'municipio', code: 'field_required' },
    ]);
    expect(fields(RegisterGuardianSchema, { email: 'a@b.it', password: '1234567890', name: 'A', language: 'it', municipio: 2.5 })).toEqual([
      { path: 'municipio', code: 'field_municipio' },
    ]);
    expect(fields(LoginSchema, 'not an object')).toEqual([{ path: '', code: 'field_body' }]);
  });
});
