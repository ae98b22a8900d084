/**
 * A message's text with its placeholders filled ("Ciao, {name}" → "Ciao, Sara"). The catalogue of
 * messages uses plain `{name}` placeholders only; one that is not given stays as written.
 */
export function interpolate(text: string, inputs: Record<string, unknown> = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in inputs ? String(inputs[name]) : whole));
}
