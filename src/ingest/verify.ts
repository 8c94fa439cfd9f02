/**
 * Re-checking evidence records: the stored body against its hash (with the snapshots), the
 * text against the hash its assessment carries, the text against a fresh extraction from the
 * body, post offsets against the page text, and every assessment against a fresh one from the
 * current scorer.
 *
 * A different assessment under different scorer versions (or a different threshold) is
 * *explained*: it is what a new model does. The same versions giving a different assessment,
 * a body whose hash does not match, or a text that does not match its hash is a *failure*.
 */
import { sha256Hex } from '../data/sha256.js';
import type { Assessment } from '../score/assessment.js';
import type { Scorer } from '../scorer.js';
import { bodyKind, decode, sniffCharset } from './body.js';
import { EXTRACTOR_VERSION, extractHtml } from './html.js';
import { isCrawlRecord, readJsonLines, type CrawlRecord } from './records.js';
import { readSnapshot } from './snapshots.js';

export type IssueKind =
  | 'invalid-line'
  | 'snapshot-missing'
  | 'body-hash'
  | 'body-length'
  | 'text-hash'
  | 'text-extraction'
  | 'post-offsets'
  | 'assessment'
  | 'redacted';

export interface VerifyIssue {
  kind: IssueKind;
  /** The post (index) concerned, when it is one. */
  post?: number;
  message: string;
  /** A change of scorer (or extractor) version or of threshold accounts for it. */
  explained: boolean;
}

export interface VerifyResult {
  line: number;
  url: string | null;
  status: 'ok' | 'explained' | 'failed';
  issues: VerifyIssue[];
}

export interface VerifySummary {
  records: number;
  pages: number;
  posts: number;
  bodiesChecked: number;
  /** Records with a body hash that could not be checked (no --snapshots). */
  bodiesNotChecked: number;
  fetchErrors: number;
  ok: number;
  explained: number;
  failed: number;
  /** Records scored with other versions than the current scorer's. */
  versionDiffers: number;
  currentVersions: Assessment['versions'];
  /** Every record that is not ok, in file order. */
  problems: VerifyResult[];
}

export interface VerifyOptions {
  scorer: Scorer;
  snapshotsDir?: string | undefined;
  onResult?: (r: VerifyResult) => void;
}

const sameVersions = (a: unknown, b: Assessment['versions']) => {
  if (typeof a !== 'object' || a === null) return false;
  const v = a as Record<string, unknown>;
  return v.library === b.library && v.lexicon === b.lexicon && v.model === b.model && v.features === b.features;
};

/** What differs between two assessments, for a person. */
function describeDiff(stored: Assessment, fresh: Assessment): string {
  const parts: string[] = [];
  if (stored.score !== fresh.score) parts.push(`score ${fmt(stored.score)} -> ${fmt(fresh.score)}`);
  if (stored.flagged !== fresh.flagged) parts.push(`flagged ${stored.flagged} -> ${fresh.flagged}`);
  if (stored.band !== fresh.band) parts.push(`band ${stored.band} -> ${fresh.band}`);
  const sIds = new Set((stored.signals ?? []).map((s) => s.id));
  const fIds = new Set(fresh.signals.map((s) => s.id));
  const gone = [...sIds].filter((x) => !fIds.has(x));
  const added = [...fIds].filter((x) => !sIds.has(x));
  if (gone.length) parts.push(`signals gone: ${gone.slice(0, 5).join(', ')}`);
  if (added.length) parts.push(`signals new: ${added.slice(0, 5).join(', ')}`);
  if (stored.language?.code !== fresh.language.code) parts.push(`language ${stored.language?.code} -> ${fresh.language.code}`);
  if (parts.length === 0) parts.push('details differ (spans, entities or contributions)');
  return parts.join('; ');
}
const fmt = (n: number) => (typeof n === 'number' ? n.toFixed(4) : String(n));

function checkAssessment(scorer: Scorer, stored: unknown, text: string, post: number | undefined, issues: VerifyIssue[]): boolean {
  const where = post === undefined ? 'page' : `post ${post}`;
  if (typeof stored !== 'object' || stored === null) {
    issues.push({ kind: 'assessment', ...(post !== undefined ? { post } : {}), message: `${where}: no assessment stored`, explained: false });
    return false;
  }
  const a = stored as Assessment;
  if (a.sha256 !== sha256Hex(text)) {
    issues.push({ kind: 'text-hash', ...(post !== undefined ? { post } : {}), message: `${where}: text does not match the sha256 in its assessment (text altered?)`, explained: false });
  }
  const fresh = scorer.score({ ...(a.id !== undefined ? { id: a.id } : {}), text, ...(a.meta !== undefined ? { meta: a.meta } : {}) });
  if (JSON.stringify(fresh) === JSON.stringify(a)) return true;
  const versionsSame = sameVersions(a.versions, scorer.versions);
  const thresholdSame = a.threshold === fresh.threshold;
  const diff = describeDiff(a, fresh);
  let why = '';
  if (!versionsSame) why = ` (scored with ${versionString(a.versions)}, now ${versionString(scorer.versions)})`;
  else if (!thresholdSame) why = ` (threshold ${a.threshold} then, ${fresh.threshold} now)`;
  issues.push({
    kind: 'assessment',
    ...(post !== undefined ? { post } : {}),
    message: `${where}: ${diff}${why}${versionsSame && thresholdSame ? ' under the same versions' : ''}`,
    explained: !versionsSame || !thresholdSame,
  });
  return false;
}

function versionString(v: unknown): string {
  if (typeof v !== 'object' || v === null) return 'unknown versions';
  const x = v as Record<string, unknown>;
  return `library ${x.library}, lexicon ${x.lexicon}, model ${x.model}, features ${x.features}`;
}

async function verifyRecord(r: CrawlRecord, o: VerifyOptions, summary: VerifySummary): Promise<VerifyIssue[]> {
  const issues: VerifyIssue[] = [];
  if (r.error) summary.fetchErrors++;
  if (r.redaction) {
    // Its texts were changed on purpose (crawl --redact), and no body was stored: nothing to re-check.
    issues.push({ kind: 'redacted', message: 'redacted record (crawl --redact): its texts no longer match the hashes of the originals and cannot be checked', explained: true });
    return issues;
  }

  // The body, when it was stored.
  let body: Buffer | null = null;
  if (typeof r.sha256 === 'string') {
    if (o.snapshotsDir) {
      body = await readSnapshot(o.snapshotsDir, r.sha256);
      if (!body) {
        issues.push({ kind: 'snapshot-missing', message: `no snapshot ${r.sha256} in ${o.snapshotsDir}`, explained: false });
      } else {
        summary.bodiesChecked++;
        const h = sha256Hex(body);
        if (h !== r.sha256) {
          issues.push({ kind: 'body-hash', message: `snapshot hash ${h} differs from the recorded ${r.sha256} (body altered)`, explained: false });
          body = null;
        } else if (typeof r.bytes === 'number' && r.bytes !== body.byteLength) {
          issues.push({ kind: 'body-length', message: `snapshot has ${body.byteLength} bytes, record says ${r.bytes}`, explained: false });
        }
      }
    } else summary.bodiesNotChecked++;
  }

  if (typeof r.text !== 'string') return issues;
  summary.pages++;
  const text = r.text;

  // The text, extracted again from the body.
  if (body && r.contentType !== undefined) {
    const kind = bodyKind(r.contentType ?? null, body);
    if (kind !== 'other') {
      const decoded = decode(body, r.charset ?? sniffCharset(body, null, kind));
      const again = kind === 'html' ? extractHtml(decoded, r.finalUrl).text : decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
      if (again !== text) {
        const extractorSame = (r.versions as { extractor?: string } | undefined)?.extractor === EXTRACTOR_VERSION;
        issues.push({
          kind: 'text-extraction',
          message: extractorSame
            ? 'the text extracted from the stored body differs from the recorded text (same extractor version)'
            : `the text extracted from the stored body differs (extractor ${(r.versions as { extractor?: string } | undefined)?.extractor ?? 'unknown'} then, ${EXTRACTOR_VERSION} now)`,
          explained: !extractorSame,
        });
      }
    }
  }

  checkAssessment(o.scorer, r.assessment, text, undefined, issues);
  for (const p of Array.isArray(r.posts) ? r.posts : []) {
    summary.posts++;
    if (typeof p.text !== 'string') continue;
    if (text.slice(p.start, p.end) !== p.text) {
      issues.push({ kind: 'post-offsets', post: p.index, message: `post ${p.index}: text is not the page text at ${p.start}..${p.end}`, explained: false });
    }
    checkAssessment(o.scorer, p.assessment, p.text, p.index, issues);
  }
  return issues;
}

export async function verifyRecords(path: string, o: VerifyOptions): Promise<VerifySummary> {
  const summary: VerifySummary = {
    records: 0,
    pages: 0,
    posts: 0,
    bodiesChecked: 0,
    bodiesNotChecked: 0,
    fetchErrors: 0,
    ok: 0,
    explained: 0,
    failed: 0,
    versionDiffers: 0,
    currentVersions: o.scorer.versions,
    problems: [],
  };
  for await (const l of readJsonLines(path)) {
    let result: VerifyResult;
    if (l.error !== undefined || !isCrawlRecord(l.value)) {
      result = { line: l.line, url: null, status: 'failed', issues: [{ kind: 'invalid-line', message: l.error ?? 'not a crawl record', explained: false }] };
    } else {
      const r = l.value;
      summary.records++;
      if (r.assessment && !sameVersions(r.assessment.versions, o.scorer.versions)) summary.versionDiffers++;
      const issues = await verifyRecord(r, o, summary);
      const failed = issues.some((i) => !i.explained);
      result = { line: l.line, url: r.url, status: failed ? 'failed' : issues.length ? 'explained' : 'ok', issues };
    }
    summary[result.status]++;
    if (result.status !== 'ok') summary.problems.push(result);
    o.onResult?.(result);
  }
  return summary;
}
