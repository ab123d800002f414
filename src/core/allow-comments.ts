// Inline suppression: any line containing the marker, whatever the comment syntax.

export const ALLOW_MARKER = 'pinecall-scan:allow';

export function lineAllows(lineText: string): boolean {
  return lineText.includes(ALLOW_MARKER);
}
