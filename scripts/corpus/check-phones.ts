// Dev check: every generated number must be a valid mobile of the right country
// according to libphonenumber-js (max metadata). Run: npx tsx scripts/corpus/check-phones.ts
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { PHONE_PLANS, randomPhone } from './phones.js';
import { mulberry32 } from './prng.js';

const rng = mulberry32(42);
let failures = 0;
for (const cc of Object.keys(PHONE_PLANS)) {
  const bad = new Map<string, number>();
  for (let i = 0; i < 400; i++) {
    const p = randomPhone(rng, cc);
    const pn = parsePhoneNumberFromString(p.e164);
    const t = pn?.getType();
    const ok = pn?.isValid() && (pn.country === cc || (cc === 'GB' && ['JE', 'GG', 'IM'].includes(pn.country ?? ''))) && (t === 'MOBILE' || t === 'FIXED_LINE_OR_MOBILE');
    // the written form must parse back to the same number
    const back = parsePhoneNumberFromString(p.text.startsWith('+') || p.text.startsWith('00') ? p.text.replace(/^00/, '+') : p.text, cc as never);
    const legacyMx = cc === 'MX' && /^(\+|00)52 ?1/.test(p.text);
    if (!ok || (!legacyMx && back?.number !== p.e164)) {
      const key = `${p.e164.slice(0, 7)} ${t} ${pn?.country} [${p.text}]`;
      bad.set(key, (bad.get(key) ?? 0) + 1);
    }
  }
  if (bad.size) {
    failures += [...bad.values()].reduce((a, b) => a + b, 0);
    console.log(cc, [...bad.keys()].slice(0, 5).join(' | '));
  }
}
console.log(failures === 0 ? 'all phone numbers valid' : `${failures} invalid`);
process.exitCode = failures ? 1 : 0;
