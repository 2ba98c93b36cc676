#!/usr/bin/env bash
# npm start: installs the dependencies on first use, then serves the site with Vite's dev server.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ]; then
  echo "::: node_modules is missing; running npm ci"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi

# Vite prints the local URL once it is listening.
exec npx vite --host 127.0.0.1 --port 5173 "$@"
