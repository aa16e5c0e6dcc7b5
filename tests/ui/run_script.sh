#!/usr/bin/env bash
# Runs one UI script against a fresh copy of the demo store, in its own folder:
#   run_script.sh KASIR KASIR_ADMIN SOURCE_DIR WORK_DIR CONFIG SCRIPT [kasir options...]
# CONFIG is a file in tests/ui (kasir-ui-test.toml, kasir-ui-decline.toml). The store is
# rebuilt in WORK_DIR each time, so scripts never see each other's sales or carts; the
# simulators' paper and ledgers stay in WORK_DIR, screenshots in WORK_DIR/screenshots.
set -euo pipefail
kasir=$1 admin=$2 src=$3 work=$4 config=$5 script=$6
shift 6
rm -rf "$work"
mkdir -p "$work/screenshots"
cp "$src/tests/ui/$config" "$src/tests/ui/decline-first.rules" "$work/"
ln -s "$src/tests/data" "$work/testdata"  # scripts show images as testdata/...
cd "$work"
"$admin" demo-store --config "$config" --db "$work/store.db" \
    --csv "$src/assets/demo/products.csv" --force >"$work/demo-store.log"
exec "$kasir" --config "$config" --db "$work/store.db" --headless \
    --assets "$src/assets" --script "$script" --screenshots "$work/screenshots" "$@"
