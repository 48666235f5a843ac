// Control characters in text from outside (the customers' form, an imported file, a mail): what a
// one-line field refuses, and how a terminal is shown such text without obeying it.
//
// Checked by code point rather than by regular expression: the C0 range (U+0000–U+001F), DEL
// (U+007F) and the C1 range (U+0080–U+009F) — ESC and CSI among them, which start the escape
// sequences that retitle, clear or rewrite a terminal.

/** Whether `code` is a C0 or C1 control or DEL. */
export function isControl(code: number): boolean {
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
}

/** The first control character of `text` that is not among `allowed` (e.g. "\n\t"), or null. */
export function firstControl(text: string, allowed = ''): string | null {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isControl(code) && !allowed.includes(text[i]!)) return text[i]!;
  }
  return null;
}

/** How a control character is named in a message: `U+001B`. */
export function codePointName(char: string): string {
  return `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Text as a terminal may print it: every control character but line feed and tab shown as its
 * escape (`\x1b`, `\u009b`), so that it is seen and never obeyed. JSON output needs none of this
 * (JSON escapes controls itself) and stays exact.
 */
export function printable(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const code = text.charCodeAt(i);
    if (!isControl(code) || ch === '\n' || ch === '\t') out += ch;
    else out += code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return out;
}
