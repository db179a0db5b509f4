/**
 * No user-visible English is written straight into the pages: JSX text, visible attributes and
 * string literals rendered as children must come from t() (_locales), so Korean readers see Korean.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
/** Attributes a person reads or hears (screen readers), and our components' text props. */
const VISIBLE_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'alt', 'title', 'placeholder', 'label', 'subtitle', 'caption', 'purpose']);
/** Functions whose string arguments are shown to the person as they are. */
const SHOWN_BY = new Set(['setError', 'setNote', 'setMessage', 'setStatus', 'confirm', 'alert', 'window.confirm', 'window.alert', 'Error']);
/** Not language: technical tokens shown as they are everywhere. */
const ALLOWED = new Set(['age1…', 'age1pq1… / age1…']);

/** URLs are examples of an address, the same in every language. */
const hasWords = (text: string) => /[A-Za-z]{2,}/.test(text) && !ALLOWED.has(text.trim()) && !/^[a-z][a-z0-9+.-]*:\/\/\S*$/.test(text.trim());

/** Each finding: "file:line: text". */
export function hardCodedStrings(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => {
    const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
    found.push(`${fileName}:${line}: ${text.trim().replace(/\s+/g, ' ')}`);
  };
  /** String literals inside a rendered expression, except arguments of calls (t('key'), fn('x')). */
  const literalsIn = (node: ts.Node) => {
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) || ts.isJsxElement(n) || ts.isJsxSelfClosingElement(n) || ts.isJsxFragment(n)) return;
      if (ts.isBinaryExpression(n) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(n.operatorToken.kind)) return;
      if ((ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) && hasWords(n.text)) report(n, n.text);
      if (ts.isTemplateExpression(n)) {
        const parts = [n.head.text, ...n.templateSpans.map((s) => s.literal.text)].join(' ');
        if (hasWords(parts)) report(n, n.getText(file));
      }
      ts.forEachChild(n, visit);
    };
    visit(node);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node) && hasWords(node.text)) report(node, node.text);
    // Sentences that reach the person outside JSX: errors and notes set in state, dialogs, thrown errors.
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && SHOWN_BY.has(node.expression.getText(file))) {
      for (const arg of node.arguments ?? []) literalsIn(arg);
    }
    if (ts.isJsxExpression(node) && node.expression && !ts.isJsxAttribute(node.parent)) literalsIn(node.expression);
    if (ts.isJsxAttribute(node) && VISIBLE_ATTRIBUTES.has(node.name.getText(file)) && node.initializer) {
      if (ts.isStringLiteral(node.initializer)) {
        if (hasWords(node.initializer.text)) report(node, `${node.name.getText(file)}="${node.initializer.text}"`);
      } else if (ts.isJsxExpression(node.initializer) && node.initializer.expression) literalsIn(node.initializer.expression);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

const tsxFiles = (dir: string) =>
  readdirSync(join(root, dir))
    .filter((name) => name.endsWith('.tsx'))
    .map((name) => join(dir, name));

describe('the pages have no hard-coded English', () => {
  it('finds English written straight into JSX, its attributes and rendered literals', () => {
    const sample = [
      'const a = <p class="muted">Look again</p>;',
      'const b = <input aria-label="Search messages" placeholder="age1…" />;',
      "const c = <button>{busy ? 'Unlocking…' : t('unlockButton')}</button>;",
      'const d = <Page title={`History in ${name}`} subtitle={t(\'x\')} />;',
      "const e = <p>{t('fine')} {' '} {mode === 'passphrase' ? t('a') : null}</p>;",
      "setError('Could not save the file.'); setError(t('ok')); if (confirm(`Delete ${x}?`)) throw new Error('Pick a file first.');",
    ].join('\n');
    expect(hardCodedStrings('sample.tsx', sample)).toEqual([
      'sample.tsx:1: Look again',
      'sample.tsx:2: aria-label="Search messages"',
      'sample.tsx:3: Unlocking…',
      'sample.tsx:4: `History in ${name}`',
      'sample.tsx:6: Could not save the file.',
      'sample.tsx:6: `Delete ${x}?`',
      'sample.tsx:6: Pick a file first.',
    ]);
  });

  it.each([...tsxFiles('extension/pages'), ...tsxFiles('extension/ui')])('shows only translated text in %s', (path) => {
    expect(hardCodedStrings(path, readFileSync(join(root, path), 'utf8'))).toEqual([]);
  });
});
