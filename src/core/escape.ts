// What a terminal, a pager or GitHub's UI would act on instead of showing: control characters (a
// newline or an ANSI escape forges report lines or recolours the terminal), bidirectional controls
// (U+202E shows `gpj.exe` as `exe.jpg`), zero-width and other format characters, line and paragraph
// separators, lone surrogates. Names, authors and server text show them escaped: `\x1b`, `\u202e`.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

export function escapeInvisible(text: string): string {
  return text.replace(INVISIBLE, (ch) => {
    const code = ch.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
