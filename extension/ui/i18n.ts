/**
 * Every user-visible string of the pages goes through here: browser.i18n reads
 * _locales/<lang>/messages.json (en and ko, kept complete by test/extension/locales.test.ts).
 * Numbers and dates follow the browser's UI language through Intl.
 */
import type { ComponentChild } from 'preact';
import browser from 'webextension-polyfill';

/** Substitutions are plain text: getMessage never interprets them, and pages render them as text nodes. */
export function t(key: string, ...subs: (string | number)[]): string {
  const text = browser.i18n.getMessage(key, subs.map(String));
  if (!text) {
    // A missing key shows itself instead of an empty button; the locale test keeps this from shipping.
    console.error(`Ferry: no message "${key}" in _locales`);
    return key;
  }
  return text;
}

// Private-use markers stand in for elements while the translation decides their order.
const OPEN = '\uE000';
const CLOSE = '\uE001';

/** A message whose placeholders are elements (e.g. a <span data-added>), in the order the locale puts them. */
export function tParts(key: string, ...subs: ComponentChild[]): ComponentChild[] {
  const text = t(key, ...subs.map((_, i) => `${OPEN}${i}${CLOSE}`));
  return text.split(new RegExp(`${OPEN}(\\d+)${CLOSE}`)).map((part, i) => (i % 2 === 1 ? subs[Number(part)] : part));
}

/** The browser's UI language, e.g. "ko" or "en-US". */
export function uiLanguage(): string {
  return browser.i18n.getUILanguage() || 'en';
}

let numbers: Intl.NumberFormat | undefined;
export function formatNumber(value: number): string {
  numbers ??= new Intl.NumberFormat(uiLanguage());
  return numbers.format(value);
}

let dateTimes: Intl.DateTimeFormat | undefined;
export function formatDateTime(iso: string): string {
  dateTimes ??= new Intl.DateTimeFormat(uiLanguage(), { dateStyle: 'medium', timeStyle: 'short' });
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTimes.format(date);
}

let dates: Intl.DateTimeFormat | undefined;
export function formatDate(iso: string): string {
  dates ??= new Intl.DateTimeFormat(uiLanguage(), { dateStyle: 'medium' });
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dates.format(date);
}

/** Sets <html lang> so screen readers and fonts (Noto Sans KR) pick the right language. */
export function applyDocumentLanguage(): void {
  document.documentElement.lang = uiLanguage();
}

/** A duration in the UI language, rounded to what a person reads: "45 seconds", "3 minutes", "2 hours". */
export function formatDuration(seconds: number): string {
  const [value, unit] =
    seconds < 90 ? [Math.max(1, Math.round(seconds)), 'second'] : seconds < 90 * 60 ? [Math.round(seconds / 60), 'minute'] : [Math.round(seconds / 3600), 'hour'];
  return new Intl.NumberFormat(uiLanguage(), { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}
