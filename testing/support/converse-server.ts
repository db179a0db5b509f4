/**
 * Serves the real Converse.js 14 web messenger (npm `converse.js`, its prebuilt dist/) on loopback,
 * with an index.html that connects to a given XMPP websocket and can log in from the URL.
 *
 *   http://127.0.0.1:PORT/?jid=me@old.localhost&password=...   → logs in automatically
 *   http://127.0.0.1:PORT/                                      → Converse's login form
 *   add &expose=1 to also put Converse's private API on window.__converseApi (tests only; the
 *   extension gets it through its own MAIN-world plugin, see smoke.ts).
 *
 * dist/ is served at the site root AND at /dist/: the bundle is loaded from /dist/, but it fetches
 * curve25519_compiled.wasm (OMEMO) from / (platform.md).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';

export interface ConverseServer {
  /** http://127.0.0.1:PORT/ — the Converse page (index.html). Add ?jid=&password= to log in. */
  url: string;
  port: number;
  /** Absolute path of the served node_modules/converse.js/dist. */
  distDir: string;
  stop(): Promise<void>;
}

export interface ConverseServerOptions {
  websocketUrl: string;
  /** Extra converse.initialize settings merged over the defaults (JSON-serialisable). */
  settings?: Record<string, unknown>;
}

/**
 * Resolves converse.js/dist through Node's resolver, so hoisting/workspaces don't matter.
 * (The package's "exports" map hides package.json but exports "./dist/*".)
 */
function converseDistDir(): string {
  return dirname(fileURLToPath(import.meta.resolve('converse.js/dist/converse.min.js')));
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm', // required for WebAssembly.instantiateStreaming
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.eot': 'application/vnd.ms-fontobject',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
};

/**
 * The page. Settings (names checked in converse.js/src/headless/shared/settings/constants.js):
 * `auto_login` + `jid` + `password` make converse.initialize() call api.user.login() itself.
 * `loglevel` can be raised with ?loglevel=debug for debugging a test.
 */
function indexHtml(websocketUrl: string, extraSettings: Record<string, unknown>): string {
  // JSON inside <script>: escape "<" so no value can close the script element.
  const json = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Converse</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="/dist/converse.min.css">
</head>
<body class="converse-fullscreen">
<script type="module">
  import converse from '/dist/converse.min.js';

  const params = new URLSearchParams(location.search);
  const settings = {
    assets_path: '/dist/',
    websocket_url: ${json(websocketUrl)},
    discover_connection_methods: false, // no /.well-known/host-meta lookup for *.localhost
    view_mode: 'fullscreen',
    loglevel: params.get('loglevel') || 'warn',
    ...${json(extraSettings)},
  };
  const jid = params.get('jid');
  if (jid) Object.assign(settings, { auto_login: true, jid, password: params.get('password') ?? '' });

  if (params.get('expose') === '1') {
    // Test-only: the private API is only reachable from a plugin's initialize().
    converse.plugins.add('ferry-test-expose', {
      initialize() { window.__converseApi = this._converse.api; },
    });
    settings.whitelisted_plugins = [...(settings.whitelisted_plugins ?? []), 'ferry-test-expose'];
  }
  converse.initialize(settings);
</script>
</body>
</html>
`;
}

export async function startConverseServer(opts: ConverseServerOptions): Promise<ConverseServer> {
  const distDir = converseDistDir();
  try {
    statSync(join(distDir, 'converse.min.js'));
  } catch {
    throw new Error(`Converse.js is not installed (${distDir}/converse.min.js missing): run npm install`);
  }
  const html = indexHtml(opts.websocketUrl, opts.settings ?? {});

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (path === '/' || path === '/index.html') {
      res.writeHead(200, { 'content-type': MIME['.html']!, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : html);
      return;
    }
    // /dist/x and /x both map to dist/x. normalize() + prefix check keeps ../ out.
    const rel = path === '/favicon.ico' ? 'images/favicon.ico' : path.startsWith('/dist/') ? path.slice('/dist/'.length) : path.slice(1);
    const file = normalize(join(distDir, rel));
    if (!file.startsWith(distDir + sep)) {
      res.writeHead(403).end();
      return;
    }
    let size: number;
    try {
      const st = statSync(file);
      if (!st.isFile()) throw new Error('not a file');
      size = st.size;
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': size,
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  };

  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  let stopped = false;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    distDir,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // Chromium keeps idle keep-alive sockets open; without this close() waits for them (platform.md).
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
