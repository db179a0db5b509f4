import { test, expect } from 'ferry/testing';

test('Ferry installs in this browser and its popup offers export, import and the viewer', async ({ extensionContext }) => {
  const expected = ['Export from a messenger', 'Import into a messenger', 'View an archive'];
  if (extensionContext.browserName === 'chromium') {
    const popup = await extensionContext.context.newPage();
    await popup.goto(extensionContext.pageUrl('popup'));
    for (const name of expected) await expect(popup.getByRole('button', { name })).toBeVisible();
    return;
  }
  const ff = extensionContext;
  const tab = await ff.open(ff.pageUrl('popup'));
  const buttons = await ff.until('the popup to render', () => ff.evaluate<string>(tab, 'JSON.stringify([...document.querySelectorAll("button")].map((b) => b.textContent.trim()))'), (v) => JSON.parse(v).length >= 3);
  expect(JSON.parse(buttons)).toEqual(expect.arrayContaining(expected));
});
