/**
 * Text with marks, and the one writer that turns it into UTF-8. The explainer's English has two
 * characters beyond ASCII, an arrow and a dash; a string that holds one of them is stored two
 * bytes a character, and flattening and encoding such strings cost a large share of the
 * explainer's time (docs/development.md, "Speed patches"). So where a record's text is plain ASCII,
 * the explainer writes each of the two as a mark of three characters below 0x100 and the writer
 * here, encoding the line as Latin-1 (one byte a character), puts the character's three UTF-8
 * bytes in the mark's place. Read through the API, a sentence has the real characters
 * ({@link unmark}). Everything about marks is in this module.
 */

/** What stands for English's arrow and dash: three characters each, the first 0x80 (which no record or sentence has). */
export const MARK = { arrow: "\u0080\u0081\u0082", dash: "\u0080\u0083\u0084" } as const;

const MARKS = /\u0080[\u0081\u0083][\u0082\u0084]/g;

/** A string with the real characters where marks stand. */
export function unmark(s: string): string {
  return s.includes("\u0080") ? s.replace(MARKS, (m) => (m === MARK.arrow ? "→" : "–")) : s;
}

/** The plain characters: printable ASCII without a quote or backslash (nothing to escape in JSON). */
const PLAIN = "\\x20\\x21\\x23-\\x5b\\x5d-\\x7e";
const NOT_PLAIN = new RegExp(`[^${PLAIN}]`);

/** A character of a text of lines that is not plain, its line ends aside (one test over a whole chunk read). */
export const NOT_PLAIN_IN_LINES = new RegExp(`[^\\n${PLAIN}]`);

/** Whether a string is plain, so that it can go into marked text (and JSON) as it is. */
export function plainAscii(s: string): boolean {
  return !NOT_PLAIN.test(s);
}

/** Puts the UTF-8 bytes of the real characters where `text`, written as Latin-1 at `at` in `buffer`, has marks. */
function patchMarks(text: string, buffer: Buffer, at: number): void {
  for (let i = text.indexOf("\u0080"); i >= 0; i = text.indexOf("\u0080", i + 3)) {
    const arrow = text.charCodeAt(i + 1) === 0x81;
    buffer[at + i] = 0xe2;
    buffer[at + i + 1] = arrow ? 0x86 : 0x80;
    buffer[at + i + 2] = arrow ? 0x92 : 0x93;
  }
}

/** The buffer output is encoded into: a write's worth and more. */
const OUTPUT_BUFFER = 1 << 18;

/**
 * Output encoded into buffers as it comes (no string of a whole chunk is ever built): plain text
 * as UTF-8, marked text as Latin-1 with its marks made UTF-8.
 */
export class OutputWriter {
  private buffer = Buffer.allocUnsafe(OUTPUT_BUFFER);
  private length = 0;
  private full: Buffer[] = [];

  /** Bytes written and not yet taken. */
  get pending(): number {
    return this.full.reduce((n, b) => n + b.length, this.length);
  }

  /** Encodes `text`; `marked` when it is plain ASCII but for marks. */
  add(text: string, marked = false): void {
    if (this.length + text.length * 3 > this.buffer.length) {
      // Full: keep what it holds, and go on in a new one (a big piece gets one of its own size).
      this.full.push(this.buffer.subarray(0, this.length));
      this.buffer = Buffer.allocUnsafe(Math.max(OUTPUT_BUFFER, text.length * 3));
      this.length = 0;
    }
    if (marked) {
      const at = this.length;
      this.length += this.buffer.write(text, at, "latin1");
      patchMarks(text, this.buffer, at);
    } else this.length += this.buffer.write(text, this.length);
  }

  /** What was written since the last take, in order; the writer starts a new buffer. */
  take(): Buffer[] {
    const chunks = this.full;
    if (this.length > 0) chunks.push(this.buffer.subarray(0, this.length));
    this.full = [];
    this.buffer = Buffer.allocUnsafe(OUTPUT_BUFFER);
    this.length = 0;
    return chunks;
  }
}
