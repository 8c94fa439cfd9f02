// zod schema of corpora/templates/<lang>.json (see corpora/TEMPLATES.md).
import { z } from 'zod';

export const RISK_CATEGORIES = ['journey_offer', 'document_fraud', 'route_guidance', 'contact_handoff', 'exploitation_recruitment'] as const;
export const BENIGN_CATEGORIES = [
  'news', 'warning', 'ngo_advice', 'rescue', 'missing_person', 'self_organised_travel',
  'travel_agency', 'job_ad', 'rideshare', 'classified', 'research', 'personal',
] as const;
export const LABELS = ['smuggling', 'benign'] as const;
export const SPLITS = ['train', 'dev', 'test'] as const;

export type Label = (typeof LABELS)[number];
export type Split = (typeof SPLITS)[number];

const riskSet = new Set<string>(RISK_CATEGORIES);
const benignSet = new Set<string>(BENIGN_CATEGORIES);

export const ScenarioSchema = z
  .looseObject({
    id: z.string().regex(/^[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*$/, 'scenario id: letters, digits, single - or _'),
    label: z.enum(LABELS),
    category: z.string(),
    split: z.enum(SPLITS),
    count: z.int().min(1).max(2000),
    dialect: z.string().optional(),
    templates: z.array(z.string().trim().min(1)).min(1),
  })
  .superRefine((s, ctx) => {
    const ok = s.label === 'smuggling' ? riskSet.has(s.category) : benignSet.has(s.category);
    if (!ok) {
      const allowed = s.label === 'smuggling' ? RISK_CATEGORIES : BENIGN_CATEGORIES;
      ctx.addIssue({
        code: 'custom',
        path: ['category'],
        message: `category "${s.category}" is not allowed for label ${s.label} (one of ${allowed.join(', ')})`,
      });
    }
  });

export const TemplateFileSchema = z.looseObject({
  language: z.string().regex(/^[a-z]{2,3}$/, 'language: ISO 639 code in lower case'),
  slots: z.record(z.string().regex(/^[\p{L}_][\p{L}\p{N}_]*$/u, 'slot name'), z.array(z.string()).min(1)).default({}),
  scenarios: z.array(ScenarioSchema).min(1),
});

export type TemplateFile = z.infer<typeof TemplateFileSchema>;
export type Scenario = z.infer<typeof ScenarioSchema>;
