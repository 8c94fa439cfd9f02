/**
 * robots.txt per origin (RFC 9309 as robots-parser reads it): fetched once per origin through
 * the same polite fetcher as pages. 4xx means no rules (everything allowed); 5xx after retries
 * or an unreachable server means "disallow everything" for that origin, as the RFC requires.
 */
import robotsParser from 'robots-parser';

export interface RobotsRules {
  /** Where the rules came from: `200`, `404 (no rules)`, `unreachable: ...`. */
  source: string;
  isAllowed(url: string): boolean;
  /** Crawl-delay for our user agent, in ms, when the file sets one. */
  crawlDelayMs: number | null;
}

export interface RobotsFetchResult {
  status: number | null;
  body: string;
  error?: string;
}

type RobotsParser = (url: string, content: string) => {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
};
const parse = robotsParser as unknown as RobotsParser;

export function robotsRules(robotsUrl: string, result: RobotsFetchResult, userAgent: string): RobotsRules {
  if (result.status !== null && result.status >= 200 && result.status < 300) {
    const robot = parse(robotsUrl, result.body);
    const delay = robot.getCrawlDelay(userAgent);
    return {
      source: `robots.txt ${result.status}`,
      isAllowed: (url) => robot.isAllowed(url, userAgent) !== false,
      crawlDelayMs: typeof delay === 'number' && Number.isFinite(delay) && delay > 0 ? delay * 1000 : null,
    };
  }
  if (result.status !== null && result.status >= 400 && result.status < 500 && result.status !== 429) {
    return { source: `robots.txt ${result.status} (no rules)`, isAllowed: () => true, crawlDelayMs: null };
  }
  const why = result.error ?? `HTTP ${result.status}`;
  return { source: `robots.txt unavailable (${why}): everything disallowed`, isAllowed: () => false, crawlDelayMs: null };
}
