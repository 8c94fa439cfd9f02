// Plausible mobile numbers per country (ISO 3166 alpha-2), written in varied notations.
import { type Rng, pick, randInt } from './prng.js';

interface Variant {
  /** leading digits of the national significant number (NSN) */
  prefixes: string[];
  /** total NSN length (prefix included) */
  len: number;
  /** digit grouping of the NSN for spaced/dashed notations */
  groups: number[];
}

interface Plan {
  cc: string; // calling code
  trunk: string; // national trunk prefix ('' when the NSN is dialled as is)
  variants: Variant[];
  paren?: boolean; // '+7 (926) 123-45-67' style is common
}

const v = (prefixes: string, len: number, groups: number[]): Variant => ({
  prefixes: prefixes.split(' '),
  len,
  groups,
});

export const PHONE_PLANS: Record<string, Plan> = {
  // countries named in the brief
  LY: { cc: '218', trunk: '0', variants: [v('91 92 94 95', 9, [2, 3, 4])] },
  TR: {
    cc: '90',
    trunk: '0',
    variants: [v('530 531 532 533 535 536 537 538 539 541 542 543 544 545 546 549 551 552 553 555 559', 10, [3, 3, 2, 2])],
  },
  EG: { cc: '20', trunk: '0', variants: [v('10 11 12 15', 10, [2, 4, 4])] },
  GR: { cc: '30', trunk: '', variants: [v('690 693 694 695 697 698 699', 10, [3, 3, 4])] },
  IT: {
    cc: '39',
    trunk: '',
    variants: [v('320 324 327 328 329 330 331 333 334 335 338 339 340 342 345 346 347 348 349 350 351 366 370 371 377 380 388 389 391 392 393', 10, [3, 3, 4])],
  },
  AF: { cc: '93', trunk: '0', variants: [v('70 71 72 73 74 75 76 77 78 79', 9, [2, 3, 4])] },
  IR: {
    cc: '98',
    trunk: '0',
    variants: [v('901 902 910 911 912 913 914 915 916 917 918 919 920 921 930 933 935 936 937 938 939 990 991 992 993', 10, [3, 3, 4])],
  },
  RU: {
    cc: '7',
    trunk: '8',
    paren: true,
    variants: [v('900 901 903 905 906 909 910 915 916 917 919 920 925 926 929 950 951 952 953 960 961 962 963 965 967 968 977 985 999', 10, [3, 3, 2, 2])],
  },
  BY: { cc: '375', trunk: '80', paren: true, variants: [v('291 292 293 295 296 297 298 299 33 44 255 257 259', 9, [2, 3, 2, 2])] },
  PL: { cc: '48', trunk: '', variants: [v('50 51 53 57 60 66 69 72 73 78 79 88', 9, [3, 3, 3])] },
  GB: { cc: '44', trunk: '0', variants: [v('740 741 742 743 744 745 746 747 748 749 751 752 753 754 755 756 757 758 759 771 772 773 774 775 776 779 780 784 785 786 787 788 789 790 792 793 794 795 796 798 799', 10, [4, 6])] },
  FR: { cc: '33', trunk: '0', variants: [v('60 61 62 64 65 66 67 68 73 74 75 76 77 78', 9, [1, 2, 2, 2, 2])] },
  ES: { cc: '34', trunk: '', variants: [v('6 71 72 73 74', 9, [3, 3, 3])] },
  MX: { cc: '52', trunk: '', variants: [v('55 33 81', 10, [2, 4, 4]), v('664 656 899 998 962 868 844 222', 10, [3, 3, 4])] },
  SD: { cc: '249', trunk: '0', variants: [v('90 91 92 96 99', 9, [2, 3, 4])] },
  SY: { cc: '963', trunk: '0', variants: [v('93 94 95 96 98 99', 9, [3, 3, 3])] },
  IQ: { cc: '964', trunk: '0', variants: [v('750 751 770 771 772 773 780 781 782 790', 10, [3, 3, 4])] },
  PK: { cc: '92', trunk: '0', variants: [v('300 301 302 303 305 306 307 310 311 312 313 315 320 321 322 331 333 336 340 342 345', 10, [3, 7])] },
  DE: { cc: '49', trunk: '0', variants: [v('151 152 157 159', 11, [4, 7]), v('160 162 163 170 171 172 173 174 175 177 178 179', 10, [3, 7]), v('176', 11, [3, 8])] },
  MA: { cc: '212', trunk: '0', variants: [v('61 62 63 64 65 66 67 69 70 77 78', 9, [1, 2, 2, 2, 2])] },
  TN: { cc: '216', trunk: '', variants: [v('2 5 9', 8, [2, 3, 3])] },
  NE: { cc: '227', trunk: '', variants: [v('90 91 92 93 94 96 97 98 99 88 89', 8, [2, 2, 2, 2])] },
  // further countries that appear on the routes
  US: { cc: '1', trunk: '', paren: true, variants: [v('2125 2126 3052 3054 3057 7132 7134 9152 9155 9562 9567 2104 2106 6462 6467 7862 7864 8323 8325 6194 6197', 10, [3, 3, 4])] },
  CA: { cc: '1', trunk: '', paren: true, variants: [v('4162 4168 6472 6479 5142 5145 6043 6047 4032 4034', 10, [3, 3, 4])] },
  NL: { cc: '31', trunk: '0', variants: [v('61 62 63 64 65', 9, [1, 2, 2, 2, 2])] },
  BE: { cc: '32', trunk: '0', variants: [v('470 471 472 475 476 477 478 479 484 485 486 487 488 489 491 492 493 494 495 496 497 498 499', 9, [3, 2, 2, 2])] },
  SE: { cc: '46', trunk: '0', variants: [v('70 72 73 76 79', 9, [2, 3, 2, 2])] },
  CH: { cc: '41', trunk: '0', variants: [v('76 77 78 79', 9, [2, 3, 2, 2])] },
  AT: { cc: '43', trunk: '0', variants: [v('650 660 664 676 680 681 688 699', 10, [3, 7])] },
  SA: { cc: '966', trunk: '0', variants: [v('50 53 54 55 56 58 59', 9, [2, 3, 4])] },
  AE: { cc: '971', trunk: '0', variants: [v('50 52 54 55 56 58', 9, [2, 3, 4])] },
  JO: { cc: '962', trunk: '0', variants: [v('770 771 772 775 776 777 779 780 781 785 786 787 788 790 791 795 796 797 799', 9, [1, 4, 4])] },
  LB: { cc: '961', trunk: '0', variants: [v('3', 7, [1, 3, 3]), v('70 71 81', 8, [2, 3, 3])] },
  ER: { cc: '291', trunk: '0', variants: [v('7', 7, [1, 3, 3])] },
  ET: { cc: '251', trunk: '0', variants: [v('91 92 93 94', 9, [2, 3, 4])] },
  SO: { cc: '252', trunk: '0', variants: [v('61 62 63 65', 9, [2, 3, 4])] },
  NG: { cc: '234', trunk: '0', variants: [v('803 806 813 816 703 706 903 805 807 802 808 812 701 708 902 907 901 809 817 818 909 908', 10, [3, 3, 4])] },
  GH: { cc: '233', trunk: '0', variants: [v('24 54 55 20 50 26 56 27 57', 9, [2, 3, 4])] },
  SN: { cc: '221', trunk: '', variants: [v('77 78 76 70 75', 9, [2, 3, 2, 2])] },
  ML: { cc: '223', trunk: '', variants: [v('66 76 70 79 65 90', 8, [2, 2, 2, 2])] },
  CI: { cc: '225', trunk: '', variants: [v('07 05 01', 10, [2, 2, 2, 2, 2])] },
  GN: { cc: '224', trunk: '', variants: [v('62 66 65 61', 9, [3, 2, 2, 2])] },
  GM: { cc: '220', trunk: '', variants: [v('7 3 2', 7, [3, 4])] },
  CM: { cc: '237', trunk: '', variants: [v('67 65 69 68', 9, [1, 2, 2, 2, 2])] },
  DZ: { cc: '213', trunk: '0', variants: [v('55 66 77 69 79 65', 9, [3, 2, 2, 2])] },
  UZ: { cc: '998', trunk: '', variants: [v('90 91 93 94 95 97 99 33 88', 9, [2, 3, 2, 2])] },
  TJ: { cc: '992', trunk: '', variants: [v('90 91 92 93 98 88 55 50', 9, [2, 3, 4])] },
  KG: { cc: '996', trunk: '0', variants: [v('55 70 77 50 22', 9, [3, 3, 3])] },
  KZ: { cc: '7', trunk: '8', paren: true, variants: [v('700 701 702 705 707 747 771 775 777 778', 10, [3, 3, 2, 2])] },
  UA: { cc: '380', trunk: '0', variants: [v('50 63 66 67 68 73 93 95 96 97 98 99', 9, [2, 3, 2, 2])] },
  BD: { cc: '880', trunk: '0', variants: [v('17 18 19 16 15 13', 10, [4, 6])] },
  IN: { cc: '91', trunk: '0', variants: [v('98 99 97 96 95 94 93 91 90 89 85 84 70', 10, [5, 5])] },
  CO: { cc: '57', trunk: '', variants: [v('300 301 310 311 312 313 314 315 316 317 318 320 321 322 323 350', 10, [3, 3, 4])] },
  VE: { cc: '58', trunk: '0', variants: [v('412 414 424 416 426', 10, [3, 3, 4])] },
  EC: { cc: '593', trunk: '0', variants: [v('98 99 958 978 939', 9, [2, 3, 4])] },
  PE: { cc: '51', trunk: '', variants: [v('9', 9, [3, 3, 3])] },
  PA: { cc: '507', trunk: '', variants: [v('6', 8, [4, 4])] },
  CR: { cc: '506', trunk: '', variants: [v('60 61 62 63 64 70 71 72 83 84 85 86 87 88 89', 8, [4, 4])] },
  NI: { cc: '505', trunk: '', variants: [v('57 58 75 76 77 78 8', 8, [4, 4])] },
  HN: { cc: '504', trunk: '', variants: [v('3 8 9', 8, [4, 4])] },
  SV: { cc: '503', trunk: '', variants: [v('7 6', 8, [4, 4])] },
  GT: { cc: '502', trunk: '', variants: [v('3 4 5', 8, [4, 4])] },
  CU: { cc: '53', trunk: '', variants: [v('5', 8, [1, 3, 4])] },
  HT: { cc: '509', trunk: '', variants: [v('3 4', 8, [2, 2, 4])] },
  BR: { cc: '55', trunk: '0', variants: [v('119 219 319 419 619', 11, [2, 5, 4])] },
  BA: { cc: '387', trunk: '0', variants: [v('61 62 63 65 66', 8, [2, 3, 3])] },
  RS: { cc: '381', trunk: '0', variants: [v('60 61 62 63 64 65 66 69', 9, [2, 3, 4])] },
  HR: { cc: '385', trunk: '0', variants: [v('91 92 95 98 99', 9, [2, 3, 4])] },
  BG: { cc: '359', trunk: '0', variants: [v('87 88 89 98', 9, [2, 3, 4])] },
  HU: { cc: '36', trunk: '06', variants: [v('20 30 31 50 70', 9, [2, 3, 4])] },
  RO: { cc: '40', trunk: '0', variants: [v('72 73 74 75 76 77', 9, [3, 3, 3])] },
  CZ: { cc: '420', trunk: '', variants: [v('72 73 77 79 601 602 603 604 605 606 607 608', 9, [3, 3, 3])] },
  SK: { cc: '421', trunk: '0', variants: [v('901 902 903 904 905 906 907 908 910 911 912 914 915 916 917 918 919 940 944 948 949 950 951', 9, [3, 3, 3])] },
  LT: { cc: '370', trunk: '8', variants: [v('6', 8, [3, 5])] },
  LV: { cc: '371', trunk: '', variants: [v('20 21 22 24 25 26 27 28 29', 8, [4, 4])] },
  MD: { cc: '373', trunk: '0', variants: [v('60 67 68 69 78 79', 8, [2, 3, 3])] },
  GE: { cc: '995', trunk: '', variants: [v('555 557 558 591 592 593 595 597 598 599 568 571 574 577 579', 9, [3, 2, 2, 2])] },
  AZ: { cc: '994', trunk: '0', variants: [v('50 51 55 70 77 99', 9, [2, 3, 2, 2])] },
  AM: { cc: '374', trunk: '0', variants: [v('77 93 94 98 99 91 55 95', 8, [2, 3, 3])] },
  NO: { cc: '47', trunk: '', variants: [v('40 41 45 46 47 48 9', 8, [3, 2, 3])] },
  FI: { cc: '358', trunk: '0', variants: [v('40 41 44 45 46 50', 9, [2, 3, 4])] },
  IE: { cc: '353', trunk: '0', variants: [v('83 85 86 87 89', 9, [2, 3, 4])] },
  PT: { cc: '351', trunk: '', variants: [v('91 92 93 96', 9, [3, 3, 3])] },
  CY: { cc: '357', trunk: '', variants: [v('96 97 99', 8, [2, 6])] },
  MT: { cc: '356', trunk: '', variants: [v('79 99 77', 8, [4, 4])] },
  QA: { cc: '974', trunk: '', variants: [v('33 55 66 70 77', 8, [4, 4])] },
  KW: { cc: '965', trunk: '', variants: [v('50 55 66 90 94 96 97 99', 8, [4, 4])] },
  OM: { cc: '968', trunk: '', variants: [v('71 72 78 79 91 92 93 95 96 97 98 99', 8, [4, 4])] },
  YE: { cc: '967', trunk: '0', variants: [v('77 73 71 70', 9, [3, 3, 3])] },
  PS: { cc: '970', trunk: '0', variants: [v('59 56', 9, [3, 3, 3])] },
  KE: { cc: '254', trunk: '0', variants: [v('70 71 72 74 79', 9, [3, 3, 3])] },
  CD: { cc: '243', trunk: '0', variants: [v('81 82 84 85 89 97 99', 9, [3, 3, 3])] },
};

export function isKnownCountry(cc: string): boolean {
  return Object.hasOwn(PHONE_PLANS, cc);
}

function group(nsn: string, groups: number[], sep: string): string {
  const out: string[] = [];
  let i = 0;
  for (const g of groups) {
    if (i >= nsn.length) break;
    out.push(nsn.slice(i, i + g));
    i += g;
  }
  if (i < nsn.length) out.push(nsn.slice(i));
  return out.join(sep);
}

export interface GeneratedPhone {
  text: string;
  e164: string;
}

/** A random mobile-looking number for `country`, in a random notation. */
export function randomPhone(rng: Rng, country: string): GeneratedPhone {
  const plan = PHONE_PLANS[country];
  if (!plan) throw new Error(`no phone plan for country ${country}`);
  const variant = pick(rng, plan.variants);
  const prefix = pick(rng, variant.prefixes);
  let nsn = prefix;
  while (nsn.length < variant.len) nsn += String(randInt(rng, 0, 9));
  const e164 = `+${plan.cc}${nsn}`;
  const spaced = group(nsn, variant.groups, ' ');
  const dashed = group(nsn, variant.groups, '-');
  // Mexico: the legacy mobile '1' after +52 still shows up in ads
  const ccIntl = country === 'MX' && rng() < 0.3 ? `${plan.cc} 1` : plan.cc;
  const ccCompact = ccIntl.replace(' ', '');
  const r = rng();
  let text: string;
  if (plan.paren && r < 0.2) {
    const [first, ...rest] = variant.groups;
    const head = nsn.slice(0, first);
    const tail = group(nsn.slice(first), rest, '-');
    const national = plan.trunk.length > 1 ? `${plan.trunk[0]} (${plan.trunk.slice(1)}${head})` : `${plan.trunk || plan.cc} (${head})`;
    text = rng() < 0.6 ? `+${plan.cc} (${head}) ${tail}` : `${national} ${tail}`;
  } else if (r < 0.4) text = `+${ccIntl} ${spaced}`;
  else if (r < 0.55) text = `00${ccCompact}${nsn}`;
  else if (r < 0.68) text = `+${ccCompact}${nsn}`;
  else if (r < 0.8) text = `${plan.trunk}${spaced}`;
  else if (r < 0.88) text = `${plan.trunk}${nsn}`;
  else if (r < 0.95) text = rng() < 0.5 ? `+${plan.cc}-${dashed}` : `${plan.trunk}${dashed}`;
  else text = `00${ccIntl} ${spaced}`;
  return { text, e164 };
}
