import * as v from 'valibot';
import { LocaleSchema } from './locale';
import { MunicipioSchema } from './municipi';
import { NameSchema } from './household';
import type { Role } from './roles';
import type { Locale } from './locale';
import { ROLES } from './roles';
import { defineMutations } from './mutation';

export const PASSWORD_MIN_LENGTH = 10;

export const EmailSchema = v.pipe(
  v.string('field_email'),
  v.trim(),
  v.toLowerCase(),
  v.maxLength(254, 'field_email'),
  v.email('field_email'),
);

/** A new password: long enough to resist guessing, short enough not to be a denial of service for scrypt. */
export const NewPasswordSchema = v.pipe(
  v.string('field_password'),
  v.minLength(PASSWORD_MIN_LENGTH, 'field_password'),
  v.maxLength(200, 'field_password'),
);

export const LoginSchema = v.object({
  email: EmailSchema,
  // Any non-empty password may be tried: rules for new passwords must not leak into sign-in.
  password: v.pipe(
    v.string('field_password_required'),
    v.minLength(1, 'field_password_required'),
    v.maxLength(200, 'field_password_required'),
  ),
});
export type LoginInput = v.InferOutput<typeof LoginSchema>;

export const RegisterGuardianSchema = v.object({
  email: EmailSchema,
  password: NewPasswordSchema,
  name: NameSchema,
  language: LocaleSchema,
  municipio: MunicipioSchema,
});
export type RegisterGuardianInput = v.InferOutput<typeof RegisterGuardianSchema>;

export const MinorSignInSchema = v.object({
  email: EmailSchema,
  password: NewPasswordSchema,
});
export type MinorSignInInput = v.InferOutput<typeof MinorSignInSchema>;

export const UpdateProfileSchema = v.object({
  language: v.optional(LocaleSchema),
  name: v.optional(NameSchema),
});
export type UpdateProfileInput = v.InferOutput<typeof UpdateProfileSchema>;

/** What GET /api/me answers: who is signed in, and what they belong to. */
export type Me = {
  id: string;
  /** None for a child who signs in with a card only. */
  email: string | null;
  name: string;
  role: Role;
  language: Locale;
  household: { id: string; municipio: number } | null;
  provider: { id: string; name: string } | null;
  hub: { id: string; name: string } | null;
};

/** A person's own changes to their profile, made offline too. */
export const PROFILE_MUTATIONS = defineMutations({
  'profile.update': {
    args: UpdateProfileSchema,
    version: 1,
    roles: ROLES,
    label: 'mutation_profile_update',
    refusals: [],
    changes: ['me', 'household'],
  },
});
