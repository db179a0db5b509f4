/**
 * Every vendor export format Ferry reads, in the order detection asks them. Each lives in its
 * connector folder (src/connectors/<service>/) and is registered here once.
 */
import type { ExportFileFormat } from './types.js';
import { kakaoTalkFormat } from '../connectors/kakaotalk/kakaotalk.js';
import { lineFormat } from '../connectors/line/line.js';

export const EXPORT_FILE_FORMATS: readonly ExportFileFormat[] = [
  kakaoTalkFormat,
  lineFormat,
];
