/**
 * WhatsApp for iOS's "… omitted" placeholders per language: what an iOS chat exported without
 * media says instead of a photo, video, voice note, sticker, GIF, document or contact card. The
 * WhatsApp reader recognises every form (whatsapp/phrases.ts); writers that produce WhatsApp-format
 * chats (the Telegram target) write the first form of a kind, so a reader reads it back as a file
 * that was left out. Kept here because connectors never import each other. Browser-safe.
 *
 * Provenance marks as in whatsapp/phrases.ts: C seen in a real export or the field corpus,
 * W WhatsApp's own string files, P quoted by other parsers, U unconfirmed.
 */

export interface OmittedPhrases {
  image: string[];
  video: string[];
  audio: string[];
  sticker: string[];
  gif: string[];
  document: string[];
  contact: string[];
}

export type OmittedKind = keyof OmittedPhrases;

export const OMITTED_PHRASES: Record<string, OmittedPhrases> = {
  en: { image: ['image omitted'], video: ['video omitted'], audio: ['audio omitted'], sticker: ['sticker omitted'], gif: ['GIF omitted'], document: ['document omitted'], contact: ['Contact card omitted'] }, // C
  es: { image: ['imagen omitida'], video: ['video omitido', 'vídeo omitido'], audio: ['audio omitido'], sticker: ['sticker omitido'], gif: ['GIF omitido'], document: ['documento omitido'], contact: ['Tarjeta de contacto omitida'] }, // C, W
  'pt-BR': { image: ['imagem ocultada', 'imagem omitida'], video: ['vídeo omitido', 'vídeo ocultado'], audio: ['áudio ocultado', 'áudio omitido'], sticker: ['figurinha omitida'], gif: ['GIF omitido'], document: ['documento omitido'], contact: ['Cartão do contato omitido', 'cartão de contato omitido'] }, // W; second forms U
  'pt-PT': { image: ['imagem não revelada'], video: ['vídeo não revelado'], audio: ['ficheiro de áudio não revelado'], sticker: ['sticker não revelado'], gif: ['GIF não revelada'], document: ['documento não revelado'], contact: ['Contacto não revelado'] }, // C, W
  de: { image: ['Bild weggelassen'], video: ['Video weggelassen'], audio: ['Audio weggelassen'], sticker: ['Sticker weggelassen'], gif: ['GIF weggelassen'], document: ['Dokument weggelassen'], contact: ['Kontaktkarte ausgelassen'] }, // C
  fr: { image: ['image absente'], video: ['vidéo absente'], audio: ['audio omis'], sticker: ['sticker omis'], gif: ['GIF retiré'], document: ['document manquant'], contact: ['Fiche contact manquante'] }, // C, W
  it: { image: ['immagine omessa'], video: ['video omesso'], audio: ['audio omesso'], sticker: ['sticker non incluso'], gif: ['GIF esclusa'], document: ['documento omesso'], contact: ['Scheda contatto omessa'] }, // C, W
  nl: { image: ['afbeelding weggelaten'], video: ['video weggelaten'], audio: ['audio weggelaten'], sticker: ['sticker weggelaten'], gif: ['GIF weggelaten'], document: ['document weggelaten'], contact: ['contactkaart weggelaten', 'Visitekaartje weggelaten'] }, // C, W
  ru: { image: ['изображение отсутствует'], video: ['видео отсутствует'], audio: ['аудиофайл отсутствует'], sticker: ['стикер не добавлен'], gif: ['GIF отсутствует'], document: ['документ отсутствует'], contact: ['Карточка контакта отсутствует'] }, // C, W
  uk: { image: ['зображення відсутнє'], video: ['відео відсутнє'], audio: ['аудіо відсутнє'], sticker: ['Наклейку не додано'], gif: ['GIF-анімацію пропущено'], document: ['документ пропущено'], contact: ['Картка контакту відсутня'] }, // C, W
  pl: { image: ['obraz pominięty'], video: ['wideo pominięte'], audio: ['audio pominięte'], sticker: ['pominięto naklejkę'], gif: ['Plik GIF pominięty'], document: ['dokument pominięty'], contact: ['Pominięta wizytówka kontaktu'] }, // W
  tr: { image: ['görüntü dahil edilmedi'], video: ['video dahil edilmedi'], audio: ['ses dahil edilmedi'], sticker: ['Çıkartma dahil edilmedi'], gif: ['GIF dahil edilmedi'], document: ['belge dahil edilmedi'], contact: ['Kişi kartı dahil edilmedi'] }, // W
  ar: { image: ['لم يتم إدراج الصورة'], video: ['لم يتم إدراج الفيديوهات'], audio: ['لم يتم إدراج المقاطع الصوتية'], sticker: ['تم حذف الملصقات', 'لم يتم إدراج الملصق'], gif: ['لم يتم إدراج صورة GIF'], document: ['لم يتم إدراج المستند'], contact: ['لم يتم إدراج بطاقة جهة اتصال'] }, // C, W
  fa: { image: ['تصویر حذف شد'], video: ['ویدیو حذف شد'], audio: ['صدا حذف شد'], sticker: ['استیکر حذف شد'], gif: ['GIF حذف شد'], document: ['سند حذف شد'], contact: ['برگ مخاطب حذف شد'] }, // W
  hi: { image: ['फ़ोटो हटाई गई'], video: ['वीडियो छोड़ा गया'], audio: ['ऑडियो हटाई गयी'], sticker: ['स्टिकर छोड़ा गया'], gif: ['GIF छोड़ा गया'], document: ['डॉक्यूमेंट छोड़ा गया'], contact: ['कॉन्टैक्ट कार्ड छोड़ा गया'] }, // C, W
  id: { image: ['gambar tidak disertakan'], video: ['video tidak disertakan'], audio: ['audio tidak disertakan'], sticker: ['stiker tidak disertakan'], gif: ['GIF tidak disertakan'], document: ['dokumen tidak disertakan'], contact: ['Kartu kontak tidak disertakan'] }, // C, W
  vi: { image: ['đã bỏ qua hình ảnh'], video: ['đã bỏ video'], audio: ['bỏ qua tệp âm thanh'], sticker: ['đã bỏ sticker'], gif: ['Đã bỏ qua ảnh GIF'], document: ['đã bỏ qua tài liệu'], contact: ['Bỏ qua thẻ liên lạc'] }, // C, W
  th: { image: ['ไม่มีรูปภาพ'], video: ['วิดีโอถูกลบ'], audio: ['ไม่มีไฟล์เสียง'], sticker: ['ไม่มีสติกเกอร์'], gif: ['ละเว้น GIF'], document: ['ละเว้นเอกสาร'], contact: ['บัตรรายชื่อที่ละเว้น'] }, // C, W
  ja: { image: ['画像は含まれていません'], video: ['ビデオは含まれていません'], audio: ['音声は含まれていません'], sticker: ['スタンプは含まれていません'], gif: ['GIFは含まれていません'], document: ['ドキュメントは含まれていません'], contact: ['連絡先カードを省略'] }, // C, W
  ko: { image: ['사진 생략됨', '이미지 생략됨'], video: ['동영상 생략됨', '비디오 생략됨'], audio: ['오디오 생략됨'], sticker: ['스티커 생략됨', '스티커 제외됨'], gif: ['GIF 생략됨'], document: ['문서 생략됨'], contact: ['연락처 생략됨', '연락처 카드 생략됨'] }, // C (fixture), W
  'zh-CN': { image: ['照片已忽略'], video: ['视频已忽略'], audio: ['音频已忽略'], sticker: ['贴图已省略'], gif: ['GIF 动态图已被忽略'], document: ['文档已省略'], contact: ['联系人卡片已忽略'] }, // W
  'zh-TW': { image: ['圖像已省略', '圖片已略去'], video: ['影片已省略', '影片已略去'], audio: ['音訊已省略', '音訊已略去'], sticker: ['貼圖已忽略', '貼圖已略去'], gif: ['GIF 圖片已被省略', 'GIF 已略去'], document: ['文件已忽略', '文件已略去'], contact: ['聯絡人卡片已省略', '聯絡人卡片已略去'] }, // W
  cs: { image: ['obrázek vynechán'], video: ['video vynecháno'], audio: ['zvukový soubor vynechán'], sticker: ['nálepka vynechána'], gif: ['GIF vynechán'], document: ['dokument vynechán'], contact: ['Vizitka vynechána'] }, // C, W
};
