// Colours for charts and the page map: one fixed, colour-blind-friendly sequence (Okabe-Ito
// followed by Tableau tones) so that a domain or cost component keeps its colour between views.

const PALETTE = [
  '#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442',
  '#8C564B', '#7F7F7F', '#BCBD22', '#17BECF', '#9467BD', '#FF9DA7', '#59A14F',
] as const;

export function paletteColour(index: number): string {
  return PALETTE[((index % PALETTE.length) + PALETTE.length) % PALETTE.length]!;
}
