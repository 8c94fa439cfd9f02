import { describe, expect, it } from 'vitest';
import { scorer, spanViolations } from './helpers/scorer.js';

/** `amount currency "span"` for every money entity of a text. */
const money = (text: string) => {
  const a = scorer().score(text);
  expect(spanViolations(text, a)).toEqual([]);
  return a.entities.money.map((m) => `${m.amount} ${m.currency} "${m.span.text}"`);
};

describe('money amounts', () => {
  it('read Latin-script chat spellings of the dollar, the Algerian dinar and the Pakistani rupee', () => {
    expect(money('la ayvalik na yunan, 1600 dalar, paise pa rasedo')).toEqual(['1600 USD "1600 dalar"']);
    expect(money('turkiya 2500 dolar har hafta')).toEqual(['2500 USD "2500 dolar"']);
    expect(money('lbabour men oran 600000 dinar')).toEqual(['600000 DZD "600000 dinar"']);
    expect(money('کوټه ته 40000 کلدار')).toEqual(['40000 PKR "40000 کلدار"']);
    // Arabic-script dinar stays Libyan (see the lexicon's note).
    expect(money('الرحلة 3000 دينار')).toEqual(['3000 LYD "3000 دينار"']);
  });

  it('multiply by a "million" word, as by a "thousand" word', () => {
    expect(money('they paid 5 million euros for the boat')).toEqual(['5000000 EUR "5 million euros"']);
    expect(money('80 مليون دينار')).toEqual(['80000000 LYD "80 مليون دينار"']);
    expect(money('за 2 млн рублей')).toEqual(['2000000 RUB "2 млн рублей"']);
    expect(money('5 ألف دولار')).toEqual(['5000 USD "5 ألف دولار"']);
    expect(money('price 3k euros')).toEqual(['3000 EUR "3k euros"']);
  });

  it('take a currency term that begins with the multiplier word', () => {
    expect(money('cobran 3 millones de pesos colombianos por persona')).toEqual(['3000000 COP "3 millones de pesos colombianos"']);
    expect(money('son 5 mil pesos nada más')).toEqual(['5000 MXN "5 mil pesos"']);
  });

  it('leave an amount without a currency, or a multiplier far from it, alone', () => {
    expect(money('5 million people crossed')).toEqual([]);
    expect(money('3 million of them, in euros')).toEqual([]);
  });
});
