/**
 * Finds the regular expressions written in JavaScript/TypeScript source: regex literals and
 * `new RegExp(...)` / `RegExp(...)` calls, with their line numbers. A small scanner, not a
 * parser: it skips comments, strings and template literals (with `${}` nesting) and decides
 * whether a `/` starts a regex from the token before it, as the language grammar does.
 */

export interface FoundRegex {
  line: number;
  /** The literal's body and flags (`kind: 'literal'`). */
  source?: string;
  flags?: string;
  /** The text of the arguments of a `RegExp(...)` call (`kind: 'constructor'`). */
  args?: string;
  kind: 'literal' | 'constructor';
}

const REGEX_AFTER_PUNCT = new Set(['(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '+', '-', '*', '%', '<', '>', '~', '^', '=>']);
const REGEX_AFTER_WORD = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'yield', 'await', 'instanceof']);
const isIdent = (c: string) => /[\p{L}\p{N}_$]/u.test(c);

export function findRegexes(code: string): FoundRegex[] {
  const out: FoundRegex[] = [];
  let i = 0;
  let line = 1;
  // What came last: a word, a punctuator, or a value (number, string, regex, `)` or `]`).
  let prev: { type: 'word' | 'punct' | 'value'; text: string } | null = null;
  // One entry per open `${` of a template literal: the brace depth at which it closes.
  const templates: number[] = [];
  let depth = 0;
  const n = code.length;
  if (code.startsWith('#!')) while (i < n && code[i] !== '\n') i++;

  const skipString = (quote: string) => {
    i++;
    while (i < n && code[i] !== quote) {
      if (code[i] === '\\') i++;
      else if (code[i] === '\n') line++;
      i++;
    }
    i++;
  };
  // From just after a '`' or a template's closing '}': to the end of the template or its next `${`.
  const scanTemplate = () => {
    while (i < n) {
      const c = code[i]!;
      if (c === '\\') i += 2;
      else if (c === '`') {
        i++;
        prev = { type: 'value', text: '`' };
        return;
      } else if (c === '$' && code[i + 1] === '{') {
        i += 2;
        templates.push(depth);
        depth++;
        prev = { type: 'punct', text: '{' };
        return;
      } else {
        if (c === '\n') line++;
        i++;
      }
    }
  };

  while (i < n) {
    const c = code[i]!;
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '/' && code[i + 1] === '/') {
      while (i < n && code[i] !== '\n') i++;
    } else if (c === '/' && code[i + 1] === '*') {
      const end = code.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      for (let k = i; k < stop; k++) if (code[k] === '\n') line++;
      i = stop;
    } else if (c === '"' || c === "'") {
      skipString(c);
      prev = { type: 'value', text: c };
    } else if (c === '`') {
      i++;
      scanTemplate();
    } else if (c === '/') {
      const regexAllowed =
        prev === null || (prev.type === 'punct' && REGEX_AFTER_PUNCT.has(prev.text)) || (prev.type === 'word' && REGEX_AFTER_WORD.has(prev.text));
      if (!regexAllowed) {
        i++;
        prev = { type: 'punct', text: '/' };
        continue;
      }
      const start = i;
      i++;
      let inClass = false;
      while (i < n) {
        const d = code[i]!;
        if (d === '\\') i += 2;
        else if (d === '\n') throw new Error(`line ${line}: unterminated regular expression literal`);
        else {
          if (d === '[') inClass = true;
          else if (d === ']') inClass = false;
          else if (d === '/' && !inClass) break;
          i++;
        }
      }
      const source = code.slice(start + 1, i);
      i++;
      const flagsStart = i;
      while (i < n && /[a-z]/.test(code[i]!)) i++;
      out.push({ kind: 'literal', line, source, flags: code.slice(flagsStart, i) });
      prev = { type: 'value', text: '/re/' };
    } else if (isIdent(c)) {
      const start = i;
      while (i < n && isIdent(code[i]!)) i++;
      const word = code.slice(start, i);
      if (word === 'RegExp' && code[start - 1] !== '.') {
        let k = i;
        while (k < n && /\s/.test(code[k]!)) k++;
        if (code[k] === '(') out.push({ kind: 'constructor', line, args: argumentsAt(code, k) });
      }
      prev = { type: /^[0-9]/.test(word) ? 'value' : 'word', text: word };
    } else if (c === '{') {
      depth++;
      i++;
      prev = { type: 'punct', text: '{' };
    } else if (c === '}') {
      depth--;
      i++;
      if (templates.length && templates[templates.length - 1] === depth) {
        templates.pop();
        scanTemplate();
      } else prev = { type: 'punct', text: '}' };
    } else if (c === ')' || c === ']') {
      i++;
      prev = { type: 'value', text: c };
    } else if (c === '!' && code[i + 1] !== '=' && prev !== null && (prev.type === 'value' || (prev.type === 'word' && !REGEX_AFTER_WORD.has(prev.text)))) {
      // TypeScript's non-null assertion (`count[b]! / n`): the expression goes on as a value.
      i++;
      prev = { type: 'value', text: '!' };
    } else if (c === '=' && code[i + 1] === '>') {
      i += 2;
      prev = { type: 'punct', text: '=>' };
    } else {
      i++;
      prev = { type: 'punct', text: c };
    }
  }
  return out;
}

/** The text between the parenthesis at `open` and its match (strings and nesting respected). */
function argumentsAt(code: string, open: number): string {
  let level = 0;
  for (let k = open; k < code.length; k++) {
    const c = code[k]!;
    if (c === '"' || c === "'" || c === '`') {
      for (k++; k < code.length && code[k] !== c; k++) if (code[k] === '\\') k++;
    } else if (c === '(') level++;
    else if (c === ')' && --level === 0) return code.slice(open + 1, k);
  }
  return code.slice(open + 1);
}
