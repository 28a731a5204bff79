#!/usr/bin/env bash
# The main job on a fresh machine: install what netproof needs, run every suite against the
# reference router, and build the HTML reports. Exit code: that of `netproof run`.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2

# Java for the Allure report (Debian's default-jre-headless). Without it the run still works and
# says so in one line; Playwright's HTML report is written either way.
if ! command -v java >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "main-job: installing default-jre-headless for the Allure report"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null) \
      || echo "main-job: could not install default-jre-headless; continuing without the Allure report"
  else
    echo "main-job: java not found and not root: install default-jre-headless for the Allure report"
  fi
fi

# FreeRADIUS for the vrrs suite's accounting checks (they are reported as not run without it).
if ! command -v freeradius >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "main-job: installing freeradius for the vrrs suite's RADIUS accounting checks"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq freeradius >/dev/null) \
    || echo "main-job: could not install freeradius; the RADIUS accounting checks will be reported as not run"
fi

npm ci --no-audit --no-fund --loglevel=error || exit 2
npx netproof run "$@"
