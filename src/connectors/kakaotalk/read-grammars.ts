/** Every txt layout's grammar, in the order detection tries them. */
import { ANDROID_EN_DATE_FIRST_GRAMMAR, ANDROID_EN_GRAMMAR, ANDROID_KO_GRAMMAR } from './read-android.js';
import { IOS_EN_GRAMMAR, IOS_KO_GRAMMAR } from './read-ios.js';
import type { Grammar } from './read-layouts.js';
import { PC_EN_GRAMMAR, PC_KO_GRAMMAR } from './read-pc.js';

// The date-first Android grammar comes before iOS English: their lines share a shape, and only
// its bare day lines (which iOS never prints) may claim a file.
export const GRAMMARS: readonly Grammar[] = [ANDROID_KO_GRAMMAR, ANDROID_EN_GRAMMAR, ANDROID_EN_DATE_FIRST_GRAMMAR, IOS_KO_GRAMMAR, IOS_EN_GRAMMAR, PC_KO_GRAMMAR, PC_EN_GRAMMAR];
