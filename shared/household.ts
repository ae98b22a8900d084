import * as v from 'valibot';
import { ageOn, BirthDateSchema } from './dates';
import { IdSchema } from './validation';
import { defineMutations } from './mutation';

/** A minor may have their own sign-in, linked to the household, from this age. */
export const OWN_SIGN_IN_MIN_AGE = 14;
/** The programme serves minors: a child is added to a household until the day they turn 18. */
export const MINOR_MAX_AGE = 17;

export const NameSchema = v.pipe(v.string('field_name'), v.trim(), v.minLength(1, 'field_name'), v.maxLength(100, 'field_name'));

export const AddMinorSchema = v.object({
  name: NameSchema,
  birthDate: BirthDateSchema,
  disability: v.boolean('field_disability'),
});
export type AddMinorInput = v.InferOutput<typeof AddMinorSchema>;

export type MinorAgeProblem = 'minor_not_born' | 'minor_too_old';

/** Why a birth date cannot belong to a minor of the household today, or null when it can. */
export function minorAgeProblem(birthDate: string, today: string): MinorAgeProblem | null {
  if (birthDate > today) return 'minor_not_born';
  if (ageOn(birthDate, today) > MINOR_MAX_AGE) return 'minor_too_old';
  return null;
}

/** From 14 and while still a minor. */
export function mayHaveOwnSignIn(birthDate: string, today: string): boolean {
  const age = ageOn(birthDate, today);
  return age >= OWN_SIGN_IN_MIN_AGE && age <= MINOR_MAX_AGE;
}

export type Minor = {
  id: string;
  name: string;
  birthDate: string;
  disability: boolean;
  /** The minor's own sign-in, when they have one (a card alone gives one too), and its email if any. */
  userId: string | null;
  email: string | null;
};

export type Household = {
  id: string;
  municipio: number;
  guardians: { id: string; name: string; email: string }[];
  minors: Minor[];
};

/** The household's children a person books for: every one for a guardian, only themselves for a youth. */
export function minorsBookedBy<M extends Pick<Minor, 'userId'>>(minors: readonly M[], person: { id: string; role: string }): M[] {
  return person.role === 'youth' ? minors.filter((minor) => minor.userId === person.id) : [...minors];
}

/** A guardian's changes to the household, made offline too. The device chooses the new minor's id. */
export const HOUSEHOLD_MUTATIONS = defineMutations({
  'household.addMinor': {
    args: v.object({ ...AddMinorSchema.entries, id: IdSchema('field_minor_id') }),
    version: 1,
    roles: ['guardian'],
    label: 'mutation_household_add_minor',
    refusals: ['minor_exists', 'minor_not_born', 'minor_too_old'],
    changes: ['household'],
  },
});
