/**
 * Visible text, posts and links of an HTML page, from the DOM that htmlparser2 builds (read
 * with domhandler/domutils; no regular expressions over markup). The tree is walked with an
 * explicit stack, so a page nested deeper than the call stack cannot crash the crawler.
 *
 * - script, style, noscript, template, head, svg, iframe, object, canvas, media and elements
 *   hidden with the `hidden` attribute or an inline `display:none` / `visibility:hidden` are
 *   dropped;
 * - whitespace is collapsed as a browser does (outside `pre`/`textarea`), block elements start
 *   new lines, `br` is a line break, table cells are separated by a space;
 * - post-like blocks (`article`, `li` outside navigation, elements whose class, id, role,
 *   itemtype or data attributes say post / comment / message / reply / tweet / entry ...) become
 *   posts. Only the innermost post-like blocks are posts; text of an enclosing post-like block
 *   that lies between its inner posts becomes a post too when it is long enough (an article body
 *   above its comments). Each post carries `start`/`end`, UTF-16 offsets into the page text, so
 *   `text.slice(start, end) === post.text` always holds;
 * - links are resolved against `<base href>` and the page URL, fragments removed.
 */
import { parseDocument } from 'htmlparser2';
import { getAttributeValue, hasAttrib } from 'domutils';
import { isTag, isText, type ChildNode, type Element } from 'domhandler';

export const EXTRACTOR_VERSION = '1.0.0';

export interface ExtractedLink {
  /** Absolute URL (fragment removed) for http(s); other schemes (mailto:, tel:, ...) as written. */
  url: string;
  /** The link's visible text, whitespace collapsed, at most 200 characters. */
  text: string;
  rel?: string;
}

export interface ExtractedPost {
  index: number;
  /** A CSS-like path that locates the block in the page (ancestors > element). */
  selector: string;
  /** `post`: an innermost post-like block; `container`: text of an enclosing block between its inner posts. */
  kind: 'post' | 'container';
  /** Offsets in the page text (UTF-16 units). */
  start: number;
  end: number;
  text: string;
  /** The first `<time datetime>` inside the block, as written, when there is one. */
  date?: string;
  /** Targets of the links inside the block (http(s), mailto:, tel:, messenger schemes). */
  links: string[];
}

export interface ExtractedPage {
  text: string;
  title: string | null;
  /** The `lang` attribute of `<html>`, as written. */
  lang: string | null;
  /** `<meta name="robots">` directives that concern a crawler. */
  robots: { noindex: boolean; nofollow: boolean };
  posts: ExtractedPost[];
  postsTruncated?: true;
  links: ExtractedLink[];
  linksTruncated?: true;
}

export interface ExtractOptions {
  maxPosts?: number;
  maxLinks?: number;
  /** Shortest text (in words) for the text of an enclosing block to count as a post. */
  minContainerWords?: number;
}

const SKIP = new Set([
  'script', 'style', 'noscript', 'template', 'head', 'title', 'meta', 'link', 'svg', 'math', 'iframe', 'frame',
  'frameset', 'object', 'embed', 'canvas', 'audio', 'video', 'picture', 'source', 'track', 'map', 'param', 'select',
  'datalist', 'input',
]);
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'center', 'dd', 'details', 'dialog', 'dir', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr',
  'html', 'legend', 'li', 'listing', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody',
  'thead', 'tfoot', 'tr', 'ul', 'caption', 'option', 'optgroup', 'textarea', 'xmp', 'plaintext', 'search',
]);
const PARAGRAPH = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'article', 'section', 'table', 'ul', 'ol', 'dl']);
const CELL = new Set(['td', 'th']);
const PRESERVE = new Set(['pre', 'textarea', 'xmp', 'listing', 'plaintext']);
const NAVIGATION = new Set(['nav', 'menu', 'header', 'footer', 'select']);

/** Words in class / id names that mark a post-like block. */
const POST_WORDS = new Set([
  'post', 'posts', 'comment', 'comments', 'message', 'messages', 'msg', 'reply', 'replies', 'tweet', 'toot', 'entry',
  'bubble', 'listing', 'advert', 'ad', 'ads', 'classified', 'review', 'testimonial', 'status', 'story', 'topic', 'thread',
]);
/** Words that mark a part of a post (its header, date, author, buttons), never a post itself. */
const PART_WORDS = new Set([
  'meta', 'header', 'footer', 'date', 'time', 'author', 'user', 'avatar', 'photo', 'image', 'img', 'video', 'info',
  'form', 'button', 'btn', 'count', 'counter', 'actions', 'action', 'toolbar', 'nav', 'navigation', 'title', 'share',
  'like', 'likes', 'views', 'stats', 'reactions', 'icon', 'menu', 'pagination', 'pager', 'tags', 'tag', 'label',
  'link', 'links', 'sidebar', 'input', 'editor', 'compose', 'new', 'bar', 'badge', 'signature',
]);
const POST_ITEMTYPE = /(?:Comment|Posting|Article|Review|Message|Answer|Question)\b/;

function nameWords(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function isHidden(el: Element): boolean {
  if (hasAttrib(el, 'hidden')) return true;
  if (getAttributeValue(el, 'type') === 'hidden') return true;
  const style = getAttributeValue(el, 'style');
  if (style) {
    const s = style.toLowerCase().replace(/\s+/g, '');
    if (s.includes('display:none') || s.includes('visibility:hidden')) return true;
  }
  return false;
}

/** Whether the element is a post-like block, given whether it lies inside a post-like block or navigation. */
function postLike(el: Element, insidePost: boolean, insideNav: boolean): boolean {
  const a = el.attribs;
  const words = [...nameWords(getAttributeValue(el, 'class')), ...nameWords(getAttributeValue(el, 'id'))];
  if (words.some((w) => PART_WORDS.has(w))) return false;
  if (words.some((w) => POST_WORDS.has(w))) return true;
  if (a.role === 'article' || a.role === 'comment') return true;
  if (a.itemtype && POST_ITEMTYPE.test(a.itemtype)) return true;
  for (const name of Object.keys(a)) {
    if (/^data-(?:post|comment|message|msg|reply|tweet|entry)(?:-?id)?$/.test(name)) return true;
  }
  if (el.name === 'article') return !insideNav;
  // A plain list item is a post only in a list of its own (not inside a post, not in navigation).
  if (el.name === 'li') return !insidePost && !insideNav;
  return false;
}

function describe(el: Element): string {
  let s = el.name;
  const id = el.attribs.id;
  if (id && /^[A-Za-z][\w-]{0,40}$/.test(id)) s += `#${id}`;
  const classes = (el.attribs.class ?? '').split(/\s+/).filter((c) => /^[A-Za-z_-][\w-]{0,40}$/.test(c)).slice(0, 3);
  for (const c of classes) s += `.${c}`;
  return s;
}

function selectorOf(el: Element): string {
  const parts: string[] = [];
  let node: Element | null = el;
  for (let i = 0; node && i < 4; i++) {
    let part = describe(node);
    if (i === 0 && node.parent) {
      let nth = 0;
      for (const sib of node.parent.children) {
        if (isTag(sib) && sib.name === node.name) nth++;
        if (sib === node) break;
      }
      part += `:nth-of-type(${nth})`;
    }
    parts.unshift(part);
    if (node.attribs.id && i > 0) break;
    node = node.parent && isTag(node.parent as ChildNode) ? (node.parent as Element) : null;
  }
  return parts.join(' > ');
}

/** Resolve a link target; `null` for fragments, javascript: and unparsable targets. */
export function resolveLink(href: string, base: string): string | null {
  const h = href.trim();
  if (!h || h.startsWith('#')) return null;
  let u: URL;
  try {
    u = new URL(h, base);
  } catch {
    return null;
  }
  const scheme = u.protocol;
  if (scheme === 'javascript:' || scheme === 'data:' || scheme === 'blob:' || scheme === 'about:') return null;
  if (scheme === 'http:' || scheme === 'https:') {
    u.hash = '';
    return u.href;
  }
  return h.length <= 2000 ? h : null;
}

interface OpenPost {
  start: number;
  /** Index in `ranges` of the first post recorded inside this block. */
  firstRange: number;
  /** Inner posts found inside this block so far: their ranges, in order. */
  inner: { start: number; end: number }[];
  links: string[];
  date?: string;
  selector: string;
}

interface OpenLink {
  url: string;
  start: number;
  rel?: string;
}

interface Frame {
  node: ChildNode;
  exit: boolean;
  post?: OpenPost;
  preserve?: boolean;
  nav?: boolean;
  link?: OpenLink;
}

/** A post whose text is taken from the page text once the walk is over. */
interface PostRange {
  selector: string;
  kind: 'post' | 'container';
  start: number;
  end: number;
  date?: string;
  links: string[];
}

export function extractHtml(html: string, pageUrl: string, options: ExtractOptions = {}): ExtractedPage {
  const maxPosts = options.maxPosts ?? 5000;
  const maxLinks = options.maxLinks ?? 5000;
  const minContainerWords = options.minContainerWords ?? 12;
  const doc = parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });

  // Head facts, found without recursion (pages can nest deeper than the call stack).
  const head = scanHead(doc.children);
  const lang = head.html?.attribs.lang?.trim() || null;
  const title = head.title ? collectText(head.title).replace(/\s+/g, ' ').trim().slice(0, 1000) || null : null;
  let base = pageUrl;
  if (head.base) {
    try {
      base = new URL(head.base.attribs.href!, pageUrl).href;
    } catch {
      /* keep the page URL */
    }
  }
  const robots = { noindex: false, nofollow: false };
  for (const m of head.metas) {
    const name = (m.attribs.name ?? '').toLowerCase();
    if (name !== 'robots' && name !== 'smuggling-risk') continue;
    const content = (m.attribs.content ?? '').toLowerCase();
    if (/\b(?:noindex|none)\b/.test(content)) robots.noindex = true;
    if (/\b(?:nofollow|none)\b/.test(content)) robots.nofollow = true;
  }

  // The text builder: spaces and line breaks are emitted lazily, so that a block's offsets
  // start at its first visible character and end after its last.
  const chunks: string[] = [];
  let length = 0;
  let trailingNewlines = 0;
  let lastChar = '';
  let pendingBreak = 0;
  let pendingSpace = false;
  let waitingPosts: OpenPost[] = [];
  let waitingLinks: OpenLink[] = [];
  const append = (s: string) => {
    chunks.push(s);
    length += s.length;
    lastChar = s[s.length - 1]!;
    let k = 0;
    while (k < s.length && s[s.length - 1 - k] === '\n') k++;
    trailingNewlines = k === s.length ? trailingNewlines + k : k;
  };
  const emit = (core: string) => {
    if (length > 0) {
      if (pendingBreak > trailingNewlines) append('\n'.repeat(pendingBreak - trailingNewlines));
      else if (pendingBreak === 0 && pendingSpace && lastChar !== '\n' && lastChar !== ' ') append(' ');
    }
    pendingBreak = 0;
    pendingSpace = false;
    if (waitingPosts.length > 0) {
      for (const p of waitingPosts) p.start = length;
      waitingPosts = [];
    }
    if (waitingLinks.length > 0) {
      for (const l of waitingLinks) l.start = length;
      waitingLinks = [];
    }
    append(core);
  };
  const text = (s: string, preserve: boolean) => {
    if (preserve) {
      if (s.length > 0) emit(s.replace(/\r\n?/g, '\n'));
      return;
    }
    const collapsed = s.replace(/[ \t\n\r\f]+/g, ' ');
    const core = collapsed.trim();
    if (core === '') {
      if (collapsed.length > 0) pendingSpace = true;
      return;
    }
    if (collapsed.startsWith(' ')) pendingSpace = true;
    emit(core);
    if (collapsed.endsWith(' ')) pendingSpace = true;
  };
  const lineBreak = (n: number) => {
    if (length > 0) pendingBreak = Math.max(pendingBreak, n);
  };

  const ranges: PostRange[] = [];
  const linkRanges: { url: string; rel?: string; start: number; end: number }[] = [];
  let linksTruncated = false;
  const openPosts: OpenPost[] = [];
  let navDepth = 0;
  let preserveDepth = 0;

  const stack: Frame[] = [];
  for (let i = doc.children.length - 1; i >= 0; i--) stack.push({ node: doc.children[i]!, exit: false });
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const node = frame.node;
    if (frame.exit) {
      const el = node as Element;
      if (frame.link) {
        const l = frame.link;
        if (linkRanges.length < maxLinks) linkRanges.push({ url: l.url, ...(l.rel ? { rel: l.rel } : {}), start: l.start, end: length });
        else linksTruncated = true;
        if (l.start < 0) waitingLinks = waitingLinks.filter((w) => w !== l);
      }
      if (frame.preserve) preserveDepth--;
      if (frame.nav) navDepth--;
      if (BLOCK.has(el.name)) lineBreak(PARAGRAPH.has(el.name) ? 2 : 1);
      else if (CELL.has(el.name)) pendingSpace = true;
      if (frame.post) {
        const p = frame.post;
        openPosts.pop();
        if (p.start < 0) waitingPosts = waitingPosts.filter((w) => w !== p);
        const end = length;
        if (p.start >= 0 && end > p.start) {
          const date = p.date ? { date: p.date } : {};
          if (p.inner.length === 0) {
            ranges.push({ selector: p.selector, kind: 'post', start: p.start, end, ...date, links: dedupe(p.links) });
          } else {
            // Text of this block between its inner posts; kept (after trimming) when long enough.
            let from = p.start;
            for (const r of p.inner) {
              if (r.start > from) ranges.push({ selector: p.selector, kind: 'container', start: from, end: r.start, ...date, links: dedupe(p.links) });
              from = r.end;
            }
            if (end > from) ranges.push({ selector: p.selector, kind: 'container', start: from, end, ...date, links: dedupe(p.links) });
          }
          // Posts inside this block without a <time> of their own take this block's date.
          if (p.date) for (let k = p.firstRange; k < ranges.length; k++) ranges[k]!.date ??= p.date;
          const parent = openPosts[openPosts.length - 1];
          if (parent) parent.inner.push({ start: p.start, end });
        }
      }
      continue;
    }
    if (isText(node)) {
      text(node.data, preserveDepth > 0);
      continue;
    }
    if (!isTag(node)) continue;
    const el = node;
    const name = el.name;
    if (SKIP.has(name) || isHidden(el)) continue;
    if (name === 'br') {
      if (length > 0) pendingBreak = Math.max(pendingBreak + 1, trailingNewlines + 1);
      continue;
    }
    if (name === 'hr') {
      lineBreak(2);
      continue;
    }
    if (name === 'img' || name === 'wbr') continue;
    const exit: Frame = { node: el, exit: true };
    if (BLOCK.has(name)) lineBreak(PARAGRAPH.has(name) ? 2 : 1);
    else if (CELL.has(name)) pendingSpace = true;
    if (PRESERVE.has(name)) {
      preserveDepth++;
      exit.preserve = true;
    }
    const isNav = NAVIGATION.has(name) || el.attribs.role === 'navigation';
    if ((name === 'a' || name === 'area') && el.attribs.href !== undefined) {
      const url = resolveLink(el.attribs.href, base);
      if (url) {
        const link: OpenLink = { url, start: -1, ...(el.attribs.rel ? { rel: el.attribs.rel } : {}) };
        waitingLinks.push(link);
        exit.link = link;
        for (const p of openPosts) p.links.push(url);
      }
    }
    if (name === 'time' && openPosts.length > 0) {
      const dt = el.attribs.datetime?.trim();
      const p = openPosts[openPosts.length - 1]!;
      if (dt && !p.date) p.date = dt.slice(0, 64);
    }
    if (!isNav && postLike(el, openPosts.length > 0, navDepth > 0)) {
      const post: OpenPost = { start: -1, firstRange: ranges.length, inner: [], links: [], selector: selectorOf(el) };
      openPosts.push(post);
      waitingPosts.push(post);
      exit.post = post;
    }
    if (isNav) {
      navDepth++;
      exit.nav = true;
    }
    stack.push(exit);
    for (let i = el.children.length - 1; i >= 0; i--) stack.push({ node: el.children[i]!, exit: false });
  }

  const all = chunks.join('');
  const posts: ExtractedPost[] = [];
  let postsTruncated = false;
  ranges.sort((a, b) => a.start - b.start || b.end - a.end);
  for (const r of ranges) {
    const t = trimRange(all, r.start, r.end);
    if (!t) continue;
    const postText = all.slice(t[0], t[1]);
    if (r.kind === 'container' && countWords(postText, minContainerWords) < minContainerWords) continue;
    if (posts.length >= maxPosts) {
      postsTruncated = true;
      break;
    }
    posts.push({ index: posts.length, selector: r.selector, kind: r.kind, start: t[0], end: t[1], text: postText, ...(r.date ? { date: r.date } : {}), links: r.links });
  }
  const links: ExtractedLink[] = linkRanges.map((l) => ({
    url: l.url,
    text: l.start >= 0 ? all.slice(l.start, Math.min(l.end, l.start + 400)).replace(/\s+/g, ' ').trim().slice(0, 200) : '',
    ...(l.rel ? { rel: l.rel } : {}),
  }));
  return {
    text: all,
    title,
    lang,
    robots,
    posts,
    ...(postsTruncated ? { postsTruncated: true as const } : {}),
    links,
    ...(linksTruncated ? { linksTruncated: true as const } : {}),
  };
}

function dedupe(list: string[]): string[] {
  return [...new Set(list)];
}

/** Words in `s`, counting no further than `limit`. */
function countWords(s: string, limit: number): number {
  let n = 0;
  for (const _ of s.matchAll(/\S+/g)) if (++n >= limit) break;
  return n;
}

function trimRange(s: string, start: number, end: number): [number, number] | null {
  while (start < end && /\s/.test(s[start]!)) start++;
  while (end > start && /\s/.test(s[end - 1]!)) end--;
  return end > start ? [start, end] : null;
}

/** `<html>`, the first `<title>` and `<base href>`, and every `<meta>`, in one iterative pass. */
function scanHead(nodes: ChildNode[]): { html?: Element; title?: Element; base?: Element; metas: Element[] } {
  const out: { html?: Element; title?: Element; base?: Element; metas: Element[] } = { metas: [] };
  const stack = [...nodes].reverse();
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (!isTag(n)) continue;
    if (n.name === 'html') out.html ??= n;
    else if (n.name === 'title') out.title ??= n;
    else if (n.name === 'base' && n.attribs.href) out.base ??= n;
    else if (n.name === 'meta') out.metas.push(n);
    if (n.name === 'svg' || n.name === 'script' || n.name === 'style' || n.name === 'title') continue;
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
  return out;
}

/** All text under a node (iterative). */
function collectText(node: Element): string {
  const parts: string[] = [];
  const stack: ChildNode[] = [...node.children].reverse();
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (isText(n)) parts.push(n.data);
    else if (isTag(n)) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
  return parts.join('');
}
