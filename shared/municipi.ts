import * as v from 'valibot';

/** Milan is divided into nine municipi; residence is recorded as one of them. */
export const MUNICIPI = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
export type Municipio = (typeof MUNICIPI)[number];

export const MunicipioSchema = v.pipe(
  v.number('field_municipio'),
  v.integer('field_municipio'),
  v.minValue(1, 'field_municipio'),
  v.maxValue(9, 'field_municipio'),
);

/** The best-known areas of each municipio: proper names, the same in every language. */
export const MUNICIPIO_AREAS: Record<Municipio, string> = {
  1: 'Centro storico',
  2: 'Stazione Centrale, Gorla, Turro, Greco',
  3: 'Città Studi, Lambrate, Porta Venezia',
  4: 'Porta Vittoria, Forlanini, Corvetto',
  5: 'Vigentino, Chiaravalle, Gratosoglio',
  6: 'Barona, Lorenteggio, Giambellino',
  7: 'Baggio, De Angeli, San Siro',
  8: 'Fiera, Gallaratese, Quarto Oggiaro',
  9: 'Porta Garibaldi, Niguarda, Bovisa',
};
