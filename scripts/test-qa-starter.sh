#!/usr/bin/env bash
# Runs examples/qa-starter as a QA team would: its own install, then `npx playwright test` there.
# Its two dependencies are links into this repo (ferry itself and the @playwright/test that
# scripts/install.sh put in node_modules), so the install fetches nothing and works offline.
# No Playwright browser download either: the kit drives Debian's chromium and firefox-esr, which
# scripts/install.sh installs. Needs `npm run build` first (the kit loads dist/chrome and dist/firefox).
set -euo pipefail
cd "$(dirname "$0")/../examples/qa-starter"
[ -d ../../node_modules/@playwright/test ] || { echo "examples/qa-starter links Ferry's own node_modules/@playwright/test, which is missing: run 'bash scripts/install.sh' (or 'npm ci') in Ferry first" >&2; exit 1; }
npm ci --no-audit --no-fund --offline
npx playwright test "$@"
