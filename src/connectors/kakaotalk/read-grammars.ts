/** Every txt layout's grammar, in the order detection tries them. */
import { ANDROID_EN_GRAMMAR, ANDROID_KO_GRAMMAR } from './read-android.js';
import { IOS_EN_GRAMMAR, IOS_KO_GRAMMAR } from './read-ios.js';
import type { Grammar } from './read-layouts.js';
import { PC_EN_GRAMMAR, PC_KO_GRAMMAR } from './read-pc.js';

export const GRAMMARS: Record<string, Grammar> = {
  'android-txt/ko': ANDROID_KO_GRAMMAR,
  'android-txt/en': ANDROID_EN_GRAMMAR,
  'ios-txt/ko': IOS_KO_GRAMMAR,
  'ios-txt/en': IOS_EN_GRAMMAR,
  'pc-txt/ko': PC_KO_GRAMMAR,
  'pc-txt/en': PC_EN_GRAMMAR,
};
