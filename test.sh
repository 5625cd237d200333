#!/usr/bin/env bash
# Runs every test: unit and integration tests against a real PostgreSQL started by the run,
# and Playwright tests in Debian's Chromium. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")"
need=()
lean=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql postgresql-contrib)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
command -v chromium >/dev/null 2>&1 || need+=(chromium chromium-driver)
fc-list 2>/dev/null | grep -qi "noto sans cjk" || need+=(fonts-noto-cjk)
# The PDF reports' font (ADR 0019) and pdftotext, which the tests read the reports with.
[ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || need+=(fonts-wqy-zenhei)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
# A real SMTP server for the notification tests.
/usr/bin/python3 -c "import aiosmtpd" 2>/dev/null || need+=(python3-aiosmtpd)
# LibreOffice Calc writes the real spreadsheets the import tests read (without its recommended extras).
command -v soffice >/dev/null 2>&1 || lean+=(libreoffice-calc)
# R with sandwich is the independent implementation the statistics engine is cross-checked against.
Rscript -e 'library(sandwich)' >/dev/null 2>&1 || lean+=(r-base-core r-cran-sandwich)
if [ ${#need[@]} -gt 0 ] || [ ${#lean[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  [ ${#need[@]} -eq 0 ] || $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
  [ ${#lean[@]} -eq 0 ] || $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${lean[@]}"
fi
(cd tests/tools && npm ci --no-audit --no-fund --silent)
rm -rf TestResults
dotnet build Skillgate.slnx -v q -nologo
# One test assembly at a time: the browser tests time page loads, and the 2-core machine is shared with the integration tests otherwise.
TZ=UTC dotnet test Skillgate.slnx --no-build -m:1 --logger "trx" --results-directory TestResults "$@"
# The plant-time tests again with the server's clock, and the test database's sessions, at UTC−5 (ADR 0023): their plants are
# in Asia/Shanghai and Europe/Berlin (a daylight-saving change inside the tested days), and every day must come out as in UTC.
TZ=Etc/GMT+5 dotnet test tests/Skillgate.Tests --no-build --filter "Category=PlantTime" --logger "trx;LogFileName=plant-time-utc-minus-5.trx" --results-directory TestResults
