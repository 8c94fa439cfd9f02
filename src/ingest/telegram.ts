/**
 * Telegram Desktop's JSON export (`result.json`): one chat (`{ name, type, id, messages }`) or
 * a full export (`{ chats: { list: [chat, ...] }, left_chats: { list: [...] } }`).
 *
 * - a message's `text` is a string or an array of strings and entity objects `{ type, text }`
 *   (links, bold, mentions, phone numbers ...): the pieces are joined in order;
 * - service messages (`type: "service"`: joins, pins, calls) and messages without text (a
 *   photo without caption) are skipped: they are not posts;
 * - id = the message id (prefixed with the chat id in a multi-chat export, as ids repeat
 *   across chats); `date`, `from`, `from_id`, `forwarded_from` and the chat go to `meta`;
 * - a message that is not an object, has no id or a `text` of the wrong shape is an error with
 *   the line where it starts in the file, and the others go on.
 *
 * The export is one JSON document, so it is read whole (exports of several hundred MB need as
 * much memory); a file that is not JSON or has no `messages` is unreadable (IngestError).
 */
import { visit } from 'jsonc-parser';
import { IngestError, locate, type IngestedPost, type IngestOptions, type Source, type IngestRecord } from './types.js';

interface Chat {
  name?: unknown;
  type?: unknown;
  id?: unknown;
  messages: unknown[];
}

/** The text of a message: a string, or an array of strings and `{ type, text }` entities. */
export function telegramText(text: unknown): string | undefined {
  if (typeof text === 'string') return text;
  if (!Array.isArray(text)) return undefined;
  let out = '';
  for (const piece of text) {
    if (typeof piece === 'string') out += piece;
    else if (typeof piece === 'object' && piece !== null && typeof (piece as { text?: unknown }).text === 'string') out += (piece as { text: string }).text;
    else return undefined;
  }
  return out;
}

function chatsOf(doc: unknown): { chat: Chat; path: (string | number)[] }[] {
  if (typeof doc !== 'object' || doc === null) return [];
  const d = doc as Record<string, unknown>;
  if (Array.isArray(d.messages)) return [{ chat: d as unknown as Chat, path: [] }];
  const out: { chat: Chat; path: (string | number)[] }[] = [];
  for (const key of ['chats', 'left_chats']) {
    const list = (d[key] as { list?: unknown } | undefined)?.list;
    if (!Array.isArray(list)) continue;
    list.forEach((c, i) => {
      if (typeof c === 'object' && c !== null && Array.isArray((c as Chat).messages)) out.push({ chat: c as Chat, path: [key, 'list', i] });
    });
  }
  return out;
}

/** Start line (1-based) of every message object, keyed by its JSON path. */
function messageLines(json: string): Map<string, number> {
  const lines = new Map<string, number>();
  visit(json, {
    onObjectBegin(_offset, _length, startLine, _startCharacter, pathSupplier) {
      const path = pathSupplier();
      if (path.length >= 2 && path[path.length - 2] === 'messages' && typeof path[path.length - 1] === 'number') {
        lines.set(path.join('\u0000'), startLine + 1);
      }
    },
  });
  return lines;
}

async function readAll(source: Source): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of source) chunks.push(typeof c === 'string' ? Buffer.from(c, 'utf8') : c);
  let s = Buffer.concat(chunks).toString('utf8');
  if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  return s;
}

export async function* ingestTelegram(source: Source, options: IngestOptions = {}): AsyncGenerator<IngestRecord> {
  const json = await readAll(source);
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (err) {
    throw new IngestError(`not a Telegram export: invalid JSON (${(err as Error).message})`, options.file);
  }
  const chats = chatsOf(doc);
  if (chats.length === 0) throw new IngestError('not a Telegram Desktop export: no "messages" array (export the chat as JSON, file result.json)', options.file);
  const lines = messageLines(json);
  const multi = chats.length > 1;
  for (const { chat, path } of chats) {
    const chatName = typeof chat.name === 'string' ? chat.name : undefined;
    const chatId = typeof chat.id === 'number' || typeof chat.id === 'string' ? String(chat.id) : undefined;
    for (let index = 0; index < chat.messages.length; index++) {
      const m = chat.messages[index] as Record<string, unknown> | null;
      const at = locate(options, lines.get([...path, 'messages', index].join('\u0000')) ?? 0, { index });
      if (typeof m !== 'object' || m === null || Array.isArray(m)) {
        yield { ok: false, error: 'message: expected an object', at };
        continue;
      }
      if (m.type === 'service') continue;
      const rawId = m.id;
      if (typeof rawId !== 'number' && typeof rawId !== 'string') {
        yield { ok: false, error: 'id: a message needs a number or string id', at };
        continue;
      }
      const id = multi && chatId !== undefined ? `${chatId}/${rawId}` : String(rawId);
      if (m.text === undefined) continue;
      const text = telegramText(m.text);
      if (text === undefined) {
        yield { ok: false, id, error: 'text: expected a string or an array of strings and {type, text} objects', at };
        continue;
      }
      if (text.trim() === '') continue;
      const meta: Record<string, unknown> = {};
      for (const k of ['date', 'from', 'from_id', 'forwarded_from'] as const) if (m[k] !== undefined && m[k] !== null) meta[k] = m[k];
      if (chatName !== undefined || chatId !== undefined) meta.chat = { ...(chatId !== undefined ? { id: chatId } : {}), ...(chatName !== undefined ? { name: chatName } : {}) };
      const post: IngestedPost = { id, text, meta };
      yield { ok: true, post, at };
    }
  }
}
