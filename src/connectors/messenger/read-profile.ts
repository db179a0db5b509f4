/**
 * The account owner's name, from the export's profile file (`profile_information.json` on
 * Facebook, `personal_information.json` on Instagram) when it is among the files given.
 */
import { isRecord, textOf } from '../kit/json-input.js';
import type { InputFile } from '../contract.js';
import { repairMojibake } from './read-mojibake.js';

/** The account owner's name from the export's profile file, when it is among the files given. */
export function ownerFromProfile(file: InputFile): string | undefined {
  if (!file.siblings) return undefined;
  for (const [key, bytes] of file.siblings) {
    if (!/(profile_information|personal_information)\.json$/.test(key)) continue;
    try {
      const value = JSON.parse(textOf(bytes), (_k, v: unknown) => (typeof v === 'string' ? repairMojibake(v) : v)) as unknown;
      if (!isRecord(value)) continue;
      for (const profile of [value.profile_v2, value.profile]) {
        if (isRecord(profile) && isRecord(profile.name) && typeof profile.name.full_name === 'string') return profile.name.full_name;
      }
      const users = Array.isArray(value.profile_user) ? value.profile_user.filter(isRecord) : [];
      for (const u of users) {
        const map = isRecord(u.string_map_data) ? u.string_map_data : {};
        const name = isRecord(map.Name) ? map.Name.value : undefined;
        if (typeof name === 'string' && name) return name;
      }
    } catch {
      // A profile file that does not parse tells nothing about the owner; the thread is still read.
    }
  }
  return undefined;
}
