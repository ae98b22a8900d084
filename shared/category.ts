/** The five service categories of the catalogue. */
export const CATEGORIES = ['art', 'health', 'school', 'sport', 'stem'] as const;
export type Category = (typeof CATEGORIES)[number];
