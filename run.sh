#!/usr/bin/env bash
# Starts Skillgate with the embedded PostgreSQL and the demo plant (SKILLGATE_DEMO=hospital: the demo hospital).
# On a fresh Debian machine with the .NET 10 SDK it first installs what is missing (PostgreSQL, Node/npm).
set -euo pipefail
cd "$(dirname "$0")"
need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql postgresql-contrib)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
# The PDF reports' font (ADR 0019).
[ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || need+=(fonts-wqy-zenhei)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi
# The PostgreSQL server runs as the 'postgres' user when Skillgate runs as root; keep its data where that user can reach.
if [ "$(id -u)" -eq 0 ] && [ -z "${Skillgate__DataPath:-}" ]; then
  export Skillgate__DataPath=/var/lib/skillgate
fi
mkdir -p "${Skillgate__DataPath:-./data}"
URL="${SKILLGATE_URL:-http://localhost:5000}"
echo "Building Skillgate (the first build restores NuGet and npm packages and takes a few minutes)..."
dotnet build src/Skillgate -c Release -v minimal -nologo -tl:auto
echo "Filling the demo ${SKILLGATE_DEMO:-plant} (once)..."
dotnet run --project src/Skillgate -c Release --no-build -- seed-demo "${SKILLGATE_DEMO:-plant}"
echo "Skillgate is starting on $URL  (demo logins in README.md; data in ${Skillgate__DataPath:-./data})"
exec dotnet run --project src/Skillgate -c Release --no-build -- --urls "$URL"
