// Where in a JSON text a value sits, so a malformed import file can name its line and field.

export interface TextPosition {
  line: number;
  column: number;
}

export function positionAt(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Offsets of every value in a JSON text, keyed by path (`items.3.fee.value`). Assumes the text
 * is valid JSON (JSON.parse accepted it); a small scanner, not a second parser of record.
 */
export function valueOffsets(text: string): Map<string, number> {
  const out = new Map<string, number>();
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const str = (): string => {
    const start = i;
    i++; // opening quote
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string): void => {
    ws();
    out.set(path, i);
    const c = text[i];
    const child = (k: string | number) => (path ? `${path}.${k}` : String(k));
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        const key = str();
        ws();
        i++; // colon
        value(child(key));
        ws();
        if (text[i++] === '}') return;
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (let n = 0; ; n++) {
        value(child(n));
        ws();
        if (text[i++] === ']') return;
      }
    }
    if (c === '"') return void str();
    while (i < text.length && !',}] \t\n\r'.includes(text[i]!)) i++;
  };
  value('');
  return out;
}

/** The position of the value at `path`, or of its nearest existing ancestor (a missing field). */
export function locate(text: string, path: readonly PropertyKey[], offsets = valueOffsets(text)): TextPosition {
  for (let n = path.length; n >= 0; n--) {
    const key = path.slice(0, n).map(String).join('.');
    const at = offsets.get(key);
    if (at !== undefined) return positionAt(text, at);
  }
  return { line: 1, column: 1 };
}
