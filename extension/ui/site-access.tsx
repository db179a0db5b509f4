/**
 * "Which messenger site may Ferry reach?": Ferry has no site access at install; the user names the
 * messenger's address here and the browser asks them to allow exactly that site.
 */
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { allowSite, grantedSites, revokeSites, SiteAccessError, type SiteAccessApi } from '../background/site-access.js';
import { ErrorText, errorMessage } from './components.js';
import { t } from './i18n.js';

export const siteAccessApi = (): SiteAccessApi => browser as unknown as SiteAccessApi;

const siteOf = (pattern: string) => pattern.replace(/\/\*$/, '');

/** The user's language for a site-access problem; anything else as the browser said it. */
function problemText(error: unknown): string {
  if (!(error instanceof SiteAccessError)) return errorMessage(error);
  switch (error.problem) {
    case 'not-an-address':
      return t('siteAccessNotAddress', error.detail);
    case 'not-http':
      return t('siteAccessNotHttp', error.detail);
    case 'not-https':
      return t('siteAccessNotHttps', error.detail);
    case 'denied':
      return t('siteAccessDenied', error.detail);
  }
}

export function SiteAccess(props: { onChange?: () => void }) {
  const [sites, setSites] = useState<string[] | null>(null);
  const [address, setAddress] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = async () => setSites(await grantedSites(siteAccessApi()));
  useEffect(() => void refresh().catch((e) => setError(errorMessage(e))), []);

  async function allow(event: Event) {
    event.preventDefault();
    setError(null);
    setNote(null);
    try {
      // No await before this call: the browser only asks the user inside the click.
      const { pattern, reloadedTabs } = await allowSite(siteAccessApi(), address);
      setNote(t('siteAccessAllowed', siteOf(pattern), reloadedTabs));
      setAddress('');
      await refresh();
      props.onChange?.();
    } catch (e) {
      setError(problemText(e));
    }
  }

  async function remove(pattern: string) {
    setError(null);
    setNote(null);
    try {
      await revokeSites(siteAccessApi(), [pattern]);
      await refresh();
      props.onChange?.();
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <div data-site-access>
      <p class="muted">{t('siteAccessIntro')}</p>
      {sites?.length ? (
        <ul class="plain" aria-label={t('siteAccessGrantedLabel')}>
          {sites.map((pattern) => (
            <li key={pattern} data-site={siteOf(pattern)}>
              <bdi>{siteOf(pattern)}</bdi>{' '}
              <button type="button" class="secondary" onClick={() => remove(pattern)}>
                {t('siteAccessRemove')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <form onSubmit={allow} class="row">
        <label for="site-address">{t('siteAccessAddressLabel')}</label>
        <input id="site-address" type="url" spellcheck={false} placeholder="https://chat.example.org/" value={address} onInput={(e) => setAddress(e.currentTarget.value)} />
        <button type="submit" disabled={address.trim() === ''}>
          {t('siteAccessAllow')}
        </button>
      </form>
      {note ? (
        <p class="ok" role="status">
          {note}
        </p>
      ) : null}
      <ErrorText error={error} />
    </div>
  );
}
