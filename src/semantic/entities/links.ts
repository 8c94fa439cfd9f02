/** URLs, @handles and e-mail addresses, found in the original text (they are case-sensitive). */
import { makeSpan, type Span } from '../span.js';

export interface UrlEntity {
  url: string;
  /** Messenger the link opens, when it is one (wa.me -> whatsapp, t.me -> telegram). */
  app: string | null;
  span: Span;
}

export interface HandleEntity {
  /** Lower-case handle without `@`, the form that links posts. */
  handle: string;
  /** Where the handle lives when the text says so (`t.me/name` -> telegram). */
  platform: string | null;
  span: Span;
}

// URLs with a scheme or `www.`, messenger and profile links, and bare domains
// (`boats-italy.com`, `trips.ly/book`). A bare domain counts when its top-level domain is one
// that ordinary words rarely end in; those that are also word endings after a missed space
// (`mismo.es`, `do.it`: me co by de fr es it uk ...) count only with a path.
/** Every URL the extractor finds, schemed or bare (exported for the test of the pre-check). */
export const URL_RE =
  /\bhttps?:\/\/[^\s<>"'\u200b-\u200f]+|\b(?:www\.|t\.me\/|telegram\.me\/|wa\.me\/|chat\.whatsapp\.com\/|viber\.me\/|instagram\.com\/|vk\.com\/|facebook\.com\/|fb\.com\/|tiktok\.com\/)[^\s<>"'\u200b-\u200f]*|\b(?<![@.\/-])[a-z0-9][a-z0-9-]{0,62}(?:\.[a-z0-9][a-z0-9-]{0,62}){0,3}(?:\.(?:com|net|org|info|biz|io|ly|ru|ua|kz|tr|ir|af|pk|iq|sy|lb|eg|ma|dz|tn|ng|gr|pl|eu|mx|online|site|top|xyz|shop|store|club|live|app)(?![\p{L}\p{N}_-])(?:\/[^\s<>"'\u200b-\u200f]*)?|\.(?:me|co|by|de|fr|es|it|uk|nl|be|at|ch|se|gt|hn|sn|sd|jo|am|ge|az|uz|tj|kg|to|cc|tv|ws)\/[^\s<>"'\u200b-\u200f]*)/giu;
// Every alternative of URL_RE holds one of these: most posts need no scan.
const URL_HINT = /:\/\/|www\.|\.me\/|\.com\/|\.(?:com|net|org|info|biz|io|ly|ru|ua|kz|tr|ir|af|pk|iq|sy|lb|eg|ma|dz|tn|ng|gr|pl|eu|mx|online|site|top|xyz|shop|store|club|live|app)(?![\p{L}\p{N}_-])|\.(?:me|co|by|de|fr|es|it|uk|nl|be|at|ch|se|gt|hn|sn|sd|jo|am|ge|az|uz|tj|kg|to|cc|tv|ws)\//iu;
const HANDLE_RE = /(?<![\p{L}\p{N}_@.\/])@([A-Za-z][A-Za-z0-9_.]{2,31})/gu;
const TRAILING = '.,;:!?)]}»"\'';

/** `s` without the run of `chars` at its end. A loop, not `/[...]+$/`: that regex is quadratic on a long run not at the end. */
function trimEnd(s: string, chars: string): string {
  let end = s.length;
  while (end > 0 && chars.includes(s[end - 1]!)) end--;
  return s.slice(0, end);
}

const LINK_APPS: [RegExp, string][] = [
  [/^(?:https?:\/\/)?(?:t|telegram)\.me\//i, 'telegram'],
  [/^(?:https?:\/\/)?(?:wa\.me|chat\.whatsapp\.com|api\.whatsapp\.com)\//i, 'whatsapp'],
  [/^(?:https?:\/\/)?viber\.me\//i, 'viber'],
  [/^(?:https?:\/\/)?(?:www\.)?instagram\.com\//i, 'instagram'],
  [/^(?:https?:\/\/)?(?:www\.|m\.)?(?:facebook|fb)\.com\//i, 'facebook'],
  [/^(?:https?:\/\/)?(?:www\.)?tiktok\.com\//i, 'tiktok'],
  [/^(?:https?:\/\/)?(?:www\.)?vk\.com\//i, 'vk'],
];
const PROFILE = /^(?:https?:\/\/)?(?:www\.|m\.)?(?:t\.me|telegram\.me|instagram\.com|tiktok\.com\/@?|vk\.com|viber\.me)\/@?([A-Za-z][A-Za-z0-9_.]{2,31})\/?$/i;

export function extractUrls(input: string): UrlEntity[] {
  const out: UrlEntity[] = [];
  if (!URL_HINT.test(input)) return out;
  for (const m of input.matchAll(URL_RE)) {
    const url = trimEnd(m[0], TRAILING);
    if (url.length < 5) continue;
    const app = LINK_APPS.find(([re]) => re.test(url))?.[1] ?? null;
    out.push({ url, app, span: makeSpan(input, m.index, m.index + url.length) });
  }
  return out;
}

export function extractHandles(input: string, urls: readonly UrlEntity[]): HandleEntity[] {
  const out: HandleEntity[] = [];
  if (urls.length === 0 && input.indexOf('@') < 0) return out;
  for (const m of input.matchAll(HANDLE_RE)) {
    const handle = trimEnd(m[1]!, '.');
    out.push({ handle: handle.toLowerCase(), platform: null, span: makeSpan(input, m.index, m.index + 1 + handle.length) });
  }
  // Profile links name a handle too: t.me/name and @name are the same account.
  for (const u of urls) {
    const p = PROFILE.exec(u.url);
    if (p) out.push({ handle: p[1]!.toLowerCase(), platform: u.app, span: u.span });
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

export interface EmailEntity {
  email: string;
  span: Span;
}

const LOCAL = /[A-Za-z0-9._%+-]/;
const DOMAIN = /[A-Za-z0-9.-]/;

/** E-mail addresses, found by expanding around each `@` (linear, no backtracking). */
export function extractEmails(input: string): EmailEntity[] {
  const out: EmailEntity[] = [];
  let at = input.indexOf('@');
  while (at >= 0) {
    let s = at;
    while (s > 0 && LOCAL.test(input[s - 1]!)) s--;
    let e = at + 1;
    while (e < input.length && DOMAIN.test(input[e]!)) e++;
    while (e > at + 1 && input[e - 1] === '.') e--;
    const domain = input.slice(at + 1, e);
    if (s < at && domain.length <= 253 && /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/.test(domain)) {
      out.push({ email: input.slice(s, e).toLowerCase(), span: makeSpan(input, s, e) });
    }
    at = input.indexOf('@', Math.max(e, at + 1));
  }
  return out;
}
