#!/usr/bin/env bash
# Installs what is missing, builds kasir and starts the demo: the demo store (seeded from the
# Open Food Facts catalogue in assets/demo) and a scripted self-checkout on it, then shows how
# to explore the store with the back-office CLI. (The touch-screen kiosk replaces this later.)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash packaging/install-deps.sh
mkdir -p build
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >build/configure.log 2>&1 ||
    { cat build/configure.log; exit 1; }
cmake --build build -j "$(nproc)" --target kasir-admin
build/kiosk/admin/kasir-admin demo "$@"
echo "(kasir-admin is $root/build/kiosk/admin/kasir-admin)"
