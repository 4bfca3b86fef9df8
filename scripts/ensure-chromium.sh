#!/usr/bin/env bash
# The browser tests drive Debian's Chromium, with a CJK font so that Chinese is drawn as Chinese
# and not as boxes; install what is missing.
set -euo pipefail
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
FONT=fonts-wqy-microhei
have_font() { fc-list :lang=zh 2>/dev/null | grep -q .; }
[ -x "$CHROMIUM" ] && have_font && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "The browser tests need Debian's 'chromium' at $CHROMIUM and a CJK font ('$FONT')" >&2
  exit 1
fi
install() { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium $FONT fontconfig >/dev/null; }
install 2>/dev/null || { apt-get update -qq && install; }
[ -x "$CHROMIUM" ] && have_font
