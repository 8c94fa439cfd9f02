/**
 * Identifiers that tie posts to one actor: phone numbers (E.164), messenger and social handles
 * (`@name`, `t.me/name`, `instagram.com/name` are one handle), WhatsApp and Telegram invite
 * links, e-mail addresses and payment names or accounts when the entities carry them.
 *
 * Handles are compared without the platform (people reuse a name across platforms, and the
 * text rarely says which one `@name` is on); the platforms seen are kept for display.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import type { Item } from './items.js';

export type IdentifierType =
  | 'phone'
  | 'handle'
  | 'email'
  | 'whatsapp-group'
  | 'whatsapp-link'
  | 'telegram-invite'
  | 'telegram-channel'
  | 'facebook-group'
  | 'facebook-id'
  | 'viber-group'
  | 'payment';

export interface Identifier {
  type: IdentifierType;
  value: string;
  /** Phones: ISO country of the number, when known. */
  country?: string | null;
  /** Handles: the platform it was seen on, when the text or link says so. */
  platform?: string | null;
}

export const keyOf = (i: Identifier) => `${i.type}:${i.value}`;

/** E.164 of a number written with + or 00 (any separators); `null` when it is not a possible number. */
export function phoneFromDigits(raw: string): { e164: string; country: string | null } | null {
  const trimmed = raw.trim();
  let digits = trimmed.replace(/[^\d]/g, '');
  if (!trimmed.startsWith('+') && digits.startsWith('00')) digits = digits.slice(2);
  if (digits.length < 7 || digits.length > 15) return null;
  const n = parsePhoneNumberFromString('+' + digits);
  if (n && n.isPossible()) return { e164: n.number, country: n.country ?? null };
  return null;
}

const HANDLE = /^[A-Za-z][A-Za-z0-9_.]{2,31}$/;
const cleanHandle = (h: string) => trimDots(h.replace(/^@/, '')).toLowerCase();
/** Without trailing dots; a loop, as `/\.+$/` is quadratic on a long run of dots not at the end. */
function trimDots(s: string): string {
  let end = s.length;
  while (end > 0 && s[end - 1] === '.') end--;
  return s.slice(0, end);
}

const TELEGRAM_RESERVED = new Set(['share', 'addstickers', 'addemoji', 'proxy', 'socks', 'iv', 'addtheme', 'setlanguage', 'bg', 'login', 'confirmphone', 'addlist', 'boost', 'invoice', 'msg', 'i']);
const INSTAGRAM_RESERVED = new Set(['p', 'reel', 'reels', 'explore', 'accounts', 'direct', 'tv', 'about', 'developer', 'legal', 'web']);
const X_RESERVED = new Set(['i', 'home', 'search', 'intent', 'share', 'hashtag', 'explore', 'settings', 'login', 'signup', 'messages', 'notifications']);
const FACEBOOK_RESERVED = new Set([
  'sharer', 'sharer.php', 'share', 'share.php', 'watch', 'events', 'photo', 'photo.php', 'photos', 'story.php', 'permalink.php',
  'login', 'login.php', 'help', 'policies', 'privacy', 'marketplace', 'gaming', 'hashtag', 'dialog', 'plugins', 'tr', 'l.php',
]);
const VK_RESERVED = new Set(['away.php', 'feed', 'im', 'search', 'share.php', 'login', 'video', 'audio', 'wall']);

/** Identifiers named by one link (profile, chat, invite, tel:, mailto:). */
export function identifiersFromUrl(raw: string): Identifier[] {
  const s = raw.trim();
  if (s.length === 0 || s.length > 2000) return [];
  const lower = s.toLowerCase();
  if (lower.startsWith('tel:') || lower.startsWith('sms:') || lower.startsWith('callto:')) {
    const number = decodeSafe(s.slice(s.indexOf(':') + 1)).split(/[;?,]/)[0]!;
    const p = /^\s*(?:\+|00)/.test(number) ? phoneFromDigits(number) : null;
    return p ? [{ type: 'phone', value: p.e164, country: p.country }] : [];
  }
  if (lower.startsWith('mailto:')) {
    const addr = decodeSafe(s.slice(7)).split('?')[0]!.trim().toLowerCase();
    return /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/.test(addr) ? [{ type: 'email', value: addr }] : [];
  }
  let u: URL;
  try {
    u = new URL(/^[a-z][a-z0-9+.-]*:/i.test(s) ? s : `https://${s}`);
  } catch {
    return [];
  }
  const phoneParam = (name: string) => {
    const v = u.searchParams.get(name);
    const p = v ? phoneFromDigits(v.startsWith('+') || v.startsWith('00') ? v : `+${v}`) : null;
    return p ? [{ type: 'phone' as const, value: p.e164, country: p.country }] : [];
  };
  if (u.protocol === 'whatsapp:') return phoneParam('phone');
  if (u.protocol === 'viber:') return phoneParam('number');
  if (u.protocol === 'tg:') {
    const d = u.searchParams.get('domain');
    if (d && HANDLE.test(d)) return [{ type: 'handle', value: cleanHandle(d), platform: 'telegram' }];
    const phone = u.searchParams.get('phone');
    return phone ? phoneParam('phone') : [];
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return [];
  const host = u.hostname.toLowerCase().replace(/^(?:www|m|mobile|web)\./, '');
  const seg = u.pathname.split('/').filter(Boolean).map(decodeSafe);
  const handle = (name: string | undefined, platform: string): Identifier[] =>
    name && HANDLE.test(name.replace(/^@/, '')) ? [{ type: 'handle', value: cleanHandle(name), platform }] : [];

  switch (host) {
    case 't.me':
    case 'telegram.me':
    case 'telegram.dog': {
      const a = seg[0];
      if (!a) return [];
      if (a === 's') return handle(seg[1], 'telegram');
      if (a === 'joinchat' && seg[1]) return [{ type: 'telegram-invite', value: seg[1] }];
      if (a === 'c' && seg[1] && /^\d+$/.test(seg[1])) return [{ type: 'telegram-channel', value: seg[1] }];
      if (a.startsWith('+')) {
        if (/^\+\d{7,15}$/.test(a)) {
          const p = phoneFromDigits(a);
          return p ? [{ type: 'phone', value: p.e164, country: p.country }] : [];
        }
        return a.length > 1 ? [{ type: 'telegram-invite', value: a.slice(1) }] : [];
      }
      if (TELEGRAM_RESERVED.has(a.toLowerCase())) return [];
      return handle(a, 'telegram');
    }
    case 'wa.me': {
      const a = seg[0];
      if (!a) return phoneParam('phone');
      if (a === 'message' && seg[1]) return [{ type: 'whatsapp-link', value: seg[1] }];
      if (a === 'c' && seg[1]) {
        const p = phoneFromDigits(`+${seg[1]}`);
        return p ? [{ type: 'phone', value: p.e164, country: p.country }] : [];
      }
      const p = /^\+?\d[\d-]{6,20}$/.test(a) ? phoneFromDigits(a.startsWith('+') ? a : `+${a}`) : null;
      return p ? [{ type: 'phone', value: p.e164, country: p.country }] : [];
    }
    case 'api.whatsapp.com':
    case 'whatsapp.com':
      return phoneParam('phone');
    case 'chat.whatsapp.com':
      return seg[0] && /^[A-Za-z0-9]{10,40}$/.test(seg[0]) ? [{ type: 'whatsapp-group', value: seg[0] }] : [];
    case 'signal.me': {
      const m = /^#p\/(\+\d{7,15})$/.exec(u.hash);
      const p = m ? phoneFromDigits(m[1]!) : null;
      return p ? [{ type: 'phone', value: p.e164, country: p.country }] : [];
    }
    case 'invite.viber.com': {
      const g = u.searchParams.get('g2') ?? u.searchParams.get('g');
      return g ? [{ type: 'viber-group', value: g }] : [];
    }
    case 'viber.me':
      return handle(seg[0], 'viber');
    case 'instagram.com':
    case 'instagr.am': {
      const a = seg[0];
      if (!a) return [];
      if (a === 'stories') return handle(seg[1], 'instagram');
      if (INSTAGRAM_RESERVED.has(a.toLowerCase())) return [];
      return handle(a, 'instagram');
    }
    case 'tiktok.com':
      return seg[0]?.startsWith('@') ? handle(seg[0], 'tiktok') : [];
    case 'x.com':
    case 'twitter.com':
      return seg[0] && !X_RESERVED.has(seg[0].toLowerCase()) ? handle(seg[0], 'x') : [];
    case 'facebook.com':
    case 'fb.com':
    case 'fb.me': {
      const a = seg[0];
      if (!a) return [];
      if (a === 'groups' && seg[1]) return [{ type: 'facebook-group', value: seg[1].toLowerCase() }];
      if (a === 'profile.php') {
        const id = u.searchParams.get('id');
        return id && /^\d+$/.test(id) ? [{ type: 'facebook-id', value: id }] : [];
      }
      if (a === 'people' && seg[2] && /^\d+$/.test(seg[2])) return [{ type: 'facebook-id', value: seg[2] }];
      if (FACEBOOK_RESERVED.has(a.toLowerCase())) return [];
      if (/^\d{6,}$/.test(a)) return [{ type: 'facebook-id', value: a }];
      return handle(a, 'facebook');
    }
    case 'm.me':
      return handle(seg[0], 'messenger');
    case 'vk.com':
    case 'vk.ru':
      return seg[0] && !VK_RESERVED.has(seg[0].toLowerCase()) ? handle(seg[0], 'vk') : [];
    default:
      return [];
  }
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

type Loose = Record<string, unknown>;
const REDACTED = /^\[[a-z]+:[0-9a-f]{8,64}\]$/;
const list = (v: unknown): Loose[] => (Array.isArray(v) ? v.filter((x): x is Loose => typeof x === 'object' && x !== null) : []);

/** Payment names or accounts, when the entities carry them (`payments: [{ name | account | iban | wallet }]`). */
function paymentIdentifiers(entities: Loose): Identifier[] {
  const out: Identifier[] = [];
  for (const key of ['payments', 'payees', 'payment']) {
    for (const p of list(entities[key])) {
      for (const field of ['name', 'payee', 'account', 'iban', 'wallet', 'value']) {
        const v = p[field];
        if (typeof v !== 'string') continue;
        const norm = field === 'iban' || field === 'account' || field === 'wallet' ? v.replace(/\s+/g, '').toUpperCase() : v.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
        if (norm.length >= 3) out.push({ type: 'payment', value: norm });
      }
    }
  }
  return out;
}

/** All identifiers of an item, each once. */
export function identifiersOf(item: Pick<Item, 'entities' | 'links'>, exclude?: ReadonlySet<string>): Identifier[] {
  const found = new Map<string, Identifier>();
  const add = (i: Identifier) => {
    const k = keyOf(i);
    if (exclude?.has(k)) return;
    const prev = found.get(k);
    if (!prev) found.set(k, { ...i });
    else if (i.type === 'handle' && !prev.platform && i.platform) prev.platform = i.platform;
  };
  const e = item.entities as Loose;
  for (const p of list(e.phones)) {
    // E.164, or the keyed token of a redacted assessment (`[phone:3fa9...]`), which links the same way.
    if (typeof p.e164 === 'string' && (/^\+\d{6,15}$/.test(p.e164) || REDACTED.test(p.e164))) {
      add({ type: 'phone', value: p.e164, country: typeof p.country === 'string' ? p.country : null });
    }
  }
  for (const h of list(e.handles)) {
    if (typeof h.handle === 'string' && h.handle.length > 0) add({ type: 'handle', value: cleanHandle(h.handle), platform: typeof h.platform === 'string' ? h.platform : null });
  }
  for (const m of list(e.emails)) {
    if (typeof m.email === 'string') add({ type: 'email', value: m.email.toLowerCase() });
  }
  for (const u of list(e.urls)) {
    if (typeof u.url === 'string') for (const i of identifiersFromUrl(u.url)) add(i);
  }
  for (const l of item.links) for (const i of identifiersFromUrl(l)) add(i);
  for (const i of paymentIdentifiers(e)) add(i);
  return [...found.values()];
}

/** How an identifier reads for a person: `+218917267022 (LY)`, `@capt_ali (telegram)`. */
export function formatIdentifier(i: Identifier): string {
  switch (i.type) {
    case 'phone':
      return i.country ? `${i.value} (${i.country})` : i.value;
    case 'handle':
      return i.platform ? `@${i.value} (${i.platform})` : `@${i.value}`;
    case 'email':
      return i.value;
    default:
      return `${i.type} ${i.value}`;
  }
}
