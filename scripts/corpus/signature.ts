// Channel signatures: Telegram channels and groups end their posts with the channel's handle or
// link, often after a "subscribe" line, whatever the post says. Templates put handles almost
// only in offers, so a model trained on them reads any handle as a contact. Appending signatures
// to training items of both labels alike removes that artifact. Only the train split is signed:
// dev and test stay as they were, so their figures remain comparable across models, and the
// effect is measured apart (`npm run bench:signatures`).

import { type Rng, pick, randInt } from './prng.js';

/** Share of training items that get a signature (the same for both labels). */
export const SIGNATURE_P = 0.12;

const SUBSCRIBE: Record<string, readonly string[]> = {
  en: ['Subscribe', 'Follow us', 'Our channel', 'Join'],
  fr: ['Abonnez-vous', 'Suivez-nous', 'Notre canal', 'Rejoignez-nous'],
  es: ['Suscríbete', 'Síguenos', 'Nuestro canal', 'Únete'],
  tr: ['Abone ol', 'Kanalımız', 'Bizi takip edin', 'Katıl'],
  ru: ['Подписаться', 'Наш канал', 'Подпишись', 'Присоединяйтесь'],
  ar: ['اشترك في القناة', 'تابعونا', 'قناتنا', 'انضموا إلينا'],
  fa: ['عضو شوید', 'کانال ما', 'ما را دنبال کنید', 'بپیوندید'],
  prs: ['عضو شوید', 'چینل ما', 'با ما بپیوندید', 'ما را دنبال کنید'],
  ps: ['زموږ چینل', 'موږ سره یوځای شئ', 'چینل ته راشئ', 'موږ تعقیب کړئ'],
};

const PLACE_STEMS = ['kabul', 'herat', 'mashhad', 'tripoli', 'sfax', 'oran', 'dakar', 'izmir', 'van', 'calais', 'tapachula', 'minsk', 'aleppo', 'quetta', 'agadez', 'athens'];
const MEDIA_STEMS = ['daily', 'news', 'info', 'media', 'tv', 'press', 'live', 'today', 'online', 'voice', 'community', 'diaspora', 'hub', 'life', 'times', 'chat'];

function channelName(rng: Rng): string {
  const name = `${pick(rng, PLACE_STEMS)}_${pick(rng, MEDIA_STEMS)}`;
  return rng() < 0.4 ? `${name}${randInt(rng, 1, 99)}` : name;
}

/** `text` with a channel signature line appended, in one of four common forms. */
export function signChannel(rng: Rng, text: string, lang: string): string {
  const name = channelName(rng);
  const subscribe = pick(rng, SUBSCRIBE[lang] ?? SUBSCRIBE.en!);
  switch (randInt(rng, 0, 3)) {
    case 0:
      return `${text}\n\n@${name}`;
    case 1:
      return `${text}\n${subscribe} 👉 @${name}`;
    case 2:
      return `${text}\nt.me/${name}`;
    default:
      return `${text}\n${subscribe}: t.me/${name}`;
  }
}
