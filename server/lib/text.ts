/**
 * Free text as typed, cleaned for storage: C0 control characters (except tab, line feed and
 * carriage return), DEL, zero-width characters (U+200B–U+200D, U+2060, U+FEFF) and bidi controls
 * (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) are removed, then the ends trimmed. Markup is
 * kept as text (the client never runs it). A NUL byte would otherwise fail on PostgreSQL.
 */
export function cleanText(value: string): string {
  return value
    .replace(
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters on purpose
      /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g,
      '',
    )
    .trim();
}
