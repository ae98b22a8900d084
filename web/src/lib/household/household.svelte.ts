import { api } from '$lib/services/api';
import { m } from '$lib/i18n';
import { FormState } from '$lib/state/form.svelte';
import { AddMinorSchema, type AddMinorInput, type Minor } from '$shared/household';
import { MinorSignInSchema } from '$shared/account';

/**
 * A guardian adds a child to the household. `send` puts the child in the device's outbox (it shows
 * at once, and the server confirms or refuses when it can); `online` says whether it goes now.
 * Create it while a component starts: the form is checked again as the person types.
 */
export class AddMinorForm {
  name = $state('');
  birthDate = $state('');
  disability = $state(false);
  /** The child added, in words (sent now, or waiting for the network). */
  added = $state<string | null>(null);
  readonly form = new FormState(AddMinorSchema);

  constructor(
    private readonly send: (minor: AddMinorInput & { id: string }) => Promise<void>,
    private readonly online: () => boolean,
  ) {
    $effect(() => this.form.recheck(this.values()));
  }

  values(): { name: string; birthDate: string; disability: boolean } {
    return { name: this.name, birthDate: this.birthDate, disability: this.disability };
  }

  /** Checks and sends; `form` is where the first field to fix is found. */
  async submit(form?: HTMLFormElement): Promise<void> {
    this.added = null;
    await this.form.submit(
      this.values(),
      async (input) => {
        await this.send({ ...input, id: crypto.randomUUID() });
        this.added = this.online() ? m.household_minor_added({ name: input.name }) : m.household_minor_waiting({ name: input.name });
        this.name = '';
        this.birthDate = '';
        this.disability = false;
        this.form.reset();
      },
      form,
    );
  }
}

/**
 * A guardian gives a child old enough a sign-in of their own: one form open at a time, for the child
 * chosen. `created` runs once the server made it (to bring the household on the device up to date).
 */
export class MinorSignIn {
  /** The child the form is open for. */
  minor = $state<Minor | null>(null);
  email = $state('');
  password = $state('');
  /** The sign-in made, in words. */
  created = $state<string | null>(null);
  readonly form = new FormState(MinorSignInSchema);

  constructor(private readonly afterCreated: () => Promise<void>) {
    $effect(() => this.form.recheck({ email: this.email, password: this.password }));
  }

  open(minor: Minor): void {
    this.minor = minor;
    this.email = '';
    this.password = '';
    this.created = null;
    this.form.reset();
  }

  close(): void {
    this.minor = null;
  }

  async submit(form?: HTMLFormElement): Promise<void> {
    const minor = this.minor;
    if (!minor) return;
    await this.form.submit(
      { email: this.email, password: this.password },
      async (input) => {
        await api.household.minors[':id']['sign-in'].$post({ param: { id: minor.id }, json: input });
        this.created = m.household_sign_in_created({ name: minor.name, email: input.email });
        this.minor = null;
        this.form.reset();
        await this.afterCreated();
      },
      form,
    );
  }
}
