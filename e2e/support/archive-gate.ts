/**
 * Holds a messenger's archive answers on their way to the page, to stop an export at a known
 * point: Playwright's routeWebSocket sits on the XMPP websocket, lets `pages` archive pages
 * (XEP-0313) through once armed, and holds later server frames until release().
 */
import type { WebSocketRoute } from 'playwright-core';

/** Server-to-page frames of archive queries (XEP-0313) are counted, and held once `pages` answers went through. */
export class ArchiveGate {
  pagesLetThrough = 0;
  private resultsSinceFin = 0;
  held: (() => void)[] = [];
  armed = false;
  constructor(readonly pages: number) {}
  route = (ws: WebSocketRoute) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => server.send(message));
    server.onMessage((message) => {
      const text = typeof message === 'string' ? message : message.toString('utf8');
      const isArchive = text.includes('urn:xmpp:mam:2');
      if (this.armed && isArchive && this.pagesLetThrough >= this.pages) {
        this.held.push(() => ws.send(message));
        return;
      }
      // A page is a <fin> after archived messages; a count-only answer (RSM max 0) has none and is not a page.
      if (this.armed && isArchive && text.includes('<result')) this.resultsSinceFin++;
      if (this.armed && isArchive && text.includes('<fin')) {
        if (this.resultsSinceFin > 0) this.pagesLetThrough++;
        this.resultsSinceFin = 0;
      }
      ws.send(message);
    });
  };
  release() {
    this.armed = false;
    for (const send of this.held.splice(0)) send();
  }
}

