// Default given names per language (used by {name} when a template file has no `name` slot)
// and Latin stems for {handle}.

export const DEFAULT_NAMES: Record<string, readonly string[]> = {
  en: ['James', 'Mary', 'John', 'Grace', 'David', 'Sarah', 'Michael', 'Joy', 'Daniel', 'Blessing', 'Samuel', 'Emma', 'Ahmed', 'Fatima', 'Yonas', 'Helen', 'Tom', 'Amina', 'Chris', 'Rahim'],
  fr: ['Mamadou', 'Aïssatou', 'Moussa', 'Fatou', 'Ibrahima', 'Awa', 'Jean', 'Marie', 'Ousmane', 'Mariam', 'Cheikh', 'Kadiatou', 'Pierre', 'Sophie', 'Youssouf', 'Aminata', 'Boubacar', 'Claire', 'Koffi', 'Nadia'],
  es: ['José', 'María', 'Luis', 'Guadalupe', 'Carlos', 'Ana', 'Juan', 'Daniela', 'Miguel', 'Rosa', 'Jorge', 'Yesenia', 'Pedro', 'Carmen', 'Kevin', 'Lupita', 'Andrés', 'Valentina', 'Wilmer', 'Yuleisy'],
  tr: ['Mehmet', 'Ayşe', 'Mustafa', 'Fatma', 'Ahmet', 'Emine', 'Ali', 'Zeynep', 'Hasan', 'Elif', 'Hüseyin', 'Hatice', 'Murat', 'Merve', 'Emre', 'Yusuf', 'Kemal', 'Selin', 'Ömer', 'Esra'],
  ar: ['محمد', 'أحمد', 'علي', 'فاطمة', 'خالد', 'مريم', 'عمر', 'نور', 'يوسف', 'سارة', 'حسن', 'ليلى', 'إبراهيم', 'أمل', 'مصطفى', 'هدى'],
  ru: ['Александр', 'Дмитрий', 'Сергей', 'Анна', 'Ольга', 'Иван', 'Наталья', 'Андрей', 'Елена', 'Максим', 'Татьяна', 'Алексей', 'Рустам', 'Фарход', 'Юлия', 'Игорь'],
  fa: ['علی', 'محمد', 'رضا', 'مریم', 'زهرا', 'حسین', 'فاطمه', 'مهدی', 'سارا', 'امیر', 'نرگس', 'حمید', 'لیلا', 'سعید'],
  prs: ['احمد', 'محمود', 'نجیب', 'فریبا', 'شکیلا', 'جاوید', 'رحیم', 'زرغونه', 'عارف', 'مرسل', 'نورالله', 'فرشته', 'بصیر', 'حمیده'],
  ps: ['احمد', 'ګل', 'زلمی', 'ملالۍ', 'وحید', 'نجیب', 'شاه ولي', 'پلوشه', 'سمیع', 'خان', 'ګلالۍ', 'جمال', 'نورزیا', 'اسد'],
};

export const HANDLE_STEMS: readonly string[] = [
  'travel', 'safar', 'yol', 'euro', 'boss', 'abu_omar', 'vip', 'king', 'fast', 'road', 'trip', 'deniz', 'omar', 'ali',
  'sami', 'karim', 'zaman', 'nour', 'alex', 'max', 'dima', 'mehdi', 'hamid', 'jose', 'lupe', 'moussa', 'aziz', 'tiger',
  'golden', 'amigo', 'brother', 'hope', 'dream', 'mr_x', 'express', 'global', 'sky', 'blue', 'star', 'lion',
];
