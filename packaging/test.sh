#!/usr/bin/env bash
# Installs what is missing, builds kasir and runs every test: first a plain optimised build,
# then the fuzz targets for a bounded time, then the same suite under AddressSanitizer +
# UndefinedBehaviorSanitizer.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash packaging/install-deps.sh
jobs=$(nproc)

configure_and_build() {
    local dir=$1
    shift
    cmake -S . -B "$dir" -G Ninja -DKASIR_WERROR=ON "$@" >"$dir/configure.log" 2>&1 ||
        { cat "$dir/configure.log"; exit 1; }
    cmake --build "$dir" -j "$jobs"
}

mkdir -p build build-asan
echo "== kasir: build and test (RelWithDebInfo)"
configure_and_build build -DCMAKE_BUILD_TYPE=RelWithDebInfo
ctest --test-dir build --output-on-failure -j "$jobs"

echo "== kasir: fuzz the parsers of outside input for a bounded time (libFuzzer, clang)"
FUZZ_SECONDS=${KASIR_FUZZ_SECONDS:-30} bash packaging/fuzz.sh

echo "== kasir: build and test under ASan + UBSan"
configure_and_build build-asan -DCMAKE_BUILD_TYPE=Debug -DKASIR_SANITIZE=ON
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j "$jobs"
