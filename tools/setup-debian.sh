#!/usr/bin/env bash
# Installs what Clue needs to build and test on Debian 12, skipping what is already there.
# Run as root (or with sudo). Needs only Debian's package registry.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config          # build
  antlr4 libantlr4-runtime-dev uuid-dev     # parser generator (tool 4.7.2) and runtime (4.9)
  libcli11-dev                              # command line
  nlohmann-json3-dev                        # JSON: run manifests, clue why, diagnostics as JSON
  libre2-dev                                # regular expressions in models
  libxxhash-dev                             # XXH3-128 of rows: rows an export repeats
  libssl-dev                                # SHA-256 of inputs in run manifests (libcrypto)
  libsodium-dev                             # Ed25519 signatures of model packages (clue pack/verify)
  libzip-dev libpugixml-dev                 # .xlsx input; libzip also writes the typed leads.xlsx
  libisal-dev                               # ISA-L: deflate of leads.xlsx's sheets (io/raw_deflate.cpp)
  libreoffice-calc-nogui                    # a test opens leads.xlsx in LibreOffice (docs/outputs.md)
  libgtest-dev libgmock-dev                 # unit tests
  llvm-19-dev                               # the JIT (ORC LLJIT): its static component libraries
  clang-19 libclang-rt-19-dev               # libFuzzer and AddressSanitizer for the fuzz targets
  libpq-dev libcurl4-openssl-dev            # warehouse clients: PostgreSQL (libpq), ClickHouse over HTTP
  postgresql-15 clickhouse-server clickhouse-client curl  # tools/local-cluster: the servers the SQL tests use
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm run DuckDB for the benchmark harness (tools/test runs its smoke test). A
# machine may have them from elsewhere (e.g. NodeSource, whose nodejs bundles npm and conflicts
# with Debian's npm package): what is on the PATH counts.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "setup: all build dependencies present"
