/**
 * The one table of file extensions and media types that readers and writers share: readers
 * guess a type from a file name the export printed, writers pick an extension for a type.
 * Browser-safe.
 */
const MEDIA_BY_EXTENSION: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  svg: 'image/svg+xml',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  '3gp': 'video/3gpp',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  opus: 'audio/ogg',
  wav: 'audio/wav',
  pdf: 'application/pdf',
  txt: 'text/plain',
  vcf: 'text/vcard',
  json: 'application/json',
  zip: 'application/zip',
  hwp: 'application/x-hwp',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  tgs: 'application/x-tgsticker',
};

/** The extension a writer gives a file of this type when the source named none. */
const EXTENSION_BY_MEDIA: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'audio/ogg': 'opus',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'application/pdf': 'pdf',
  'text/vcard': 'vcf',
};

/** IANA media type guessed from a file name's extension; "application/octet-stream" when unknown. */
export function mediaTypeOf(fileName: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1];
  return (ext && mediaTypeOfExtension(ext)) || 'application/octet-stream';
}

/** The media type of an extension ("jpg", "JPEG"), or undefined when the table does not know it. */
export function mediaTypeOfExtension(extension: string): string | undefined {
  return MEDIA_BY_EXTENSION[extension.toLowerCase()];
}

/** The usual extension (without the dot) for a media type, or undefined when there is none. */
export function extensionOf(mediaType: string): string | undefined {
  return EXTENSION_BY_MEDIA[mediaType];
}

/** A media type the export names, lower-cased, if it is one (type/subtype, parameters dropped); otherwise undefined, so the caller guesses from the file name. */
export function mediaTypeFrom(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const type = value.split(';')[0]!.trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(type) ? type : undefined;
}
