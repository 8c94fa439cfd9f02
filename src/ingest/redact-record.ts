/**
 * `crawl --redact`: a crawl record as it may be stored when identifiers must not be. The page
 * text, its title, every post's text, every assessment (spans, entities, metadata) and every
 * link (address and anchor text) have phone numbers, handles, URLs, e-mails and names replaced
 * by keyed tokens (see `analysis/redact.ts`); the same identifier gives the same token, so
 * records still link. Kept as they are: the addresses of the pages crawled (`url`, `finalUrl`,
 * `referrer`, redirects), which the crawl needs to resume and which the operator chose, and
 * the hashes and lengths of the original body and texts.
 *
 * A redacted record says so (`redaction`). Its post offsets are mapped into the redacted page
 * text (grown to whole tokens), and its texts no longer match the hashes of the originals,
 * which is why `verify` reports such records as redacted instead of checking them.
 */
import type { RedactionInfo, Redactor } from '../analysis/redact.js';
import type { CrawlRecord } from './records.js';

export function redactRecord(record: CrawlRecord, redactor: Redactor): CrawlRecord {
  const out: CrawlRecord = { ...record };
  const replaced: RedactionInfo['replaced'] = {};
  const count = (r: Partial<Record<string, number>>) => {
    for (const [k, n] of Object.entries(r)) replaced[k as keyof typeof replaced] = (replaced[k as keyof typeof replaced] ?? 0) + (n ?? 0);
  };
  const text = (s: string) => {
    const r = redactor.redactText(s);
    count(r.replaced);
    return r.text;
  };
  if (typeof record.text === 'string') {
    if (record.assessment) {
      const page = redactor.redactText(record.text, record.assessment.entities);
      const ra = redactor.redactAssessment(record.text, record.assessment);
      count(ra.redaction.replaced);
      out.text = ra.text;
      out.assessment = ra.assessment;
      if (record.posts) {
        out.posts = record.posts.map((p) => {
          const rp = redactor.redactAssessment(p.text, p.assessment);
          const span = page.mapSpan({ start: p.start, end: p.end });
          return { ...p, start: span.start, end: span.end, text: rp.text, assessment: rp.assessment, links: p.links.map(text) };
        });
      }
    } else {
      out.text = text(record.text);
    }
  }
  if (typeof record.title === 'string') out.title = text(record.title);
  if (record.links) out.links = record.links.map((l) => ({ ...l, url: text(l.url), text: text(l.text) }));
  out.redaction = { method: 'hmac-sha256', keyId: redactor.keyId, replaced };
  return out;
}
