#!/usr/bin/env bash
# Builds every libFuzzer target of tests/fuzz with clang (ASan + UBSan) and runs each for a
# bounded time (FUZZ_SECONDS, default 60) from its seed corpus. Exit 1 on the first crash, with
# the reproducer left in build-fuzz/crashes/.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
seconds=${FUZZ_SECONDS:-60}
dir=build-fuzz
mkdir -p "$dir/crashes"
CC=clang-14 CXX=clang++-14 cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DKASIR_FUZZ=ON -DKASIR_BUILD_TESTS=ON >"$dir/configure.log" 2>&1 ||
    { cat "$dir/configure.log"; exit 1; }
mapfile -t targets < <(sed -n 's/^kasir_fuzz_target(\([a-z0-9_]*\).*/\1/p' tests/fuzz/CMakeLists.txt)
if [[ ${#targets[@]} -eq 0 ]]; then
    echo "== kasir: no fuzz targets"
    exit 0
fi
cmake --build "$dir" -j "$(nproc)" --target "${targets[@]}"
for t in "${targets[@]}"; do
    corpus="$dir/corpus/$t"
    mkdir -p "$corpus"
    seeds=()
    [[ -d tests/fuzz/corpus/$t ]] && seeds=("tests/fuzz/corpus/$t")
    echo "== kasir: fuzzing $t for ${seconds}s"
    "$dir/tests/fuzz/$t" -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="$dir/crashes/$t-" "$corpus" "${seeds[@]}" 2>"$dir/$t.log" ||
        { tail -60 "$dir/$t.log"; echo "kasir: $t found a crash, see $dir/crashes/"; exit 1; }
    grep -E "stat::number_of_executed_units|Done" "$dir/$t.log" | tail -2
done
