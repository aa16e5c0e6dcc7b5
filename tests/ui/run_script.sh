#!/usr/bin/env bash
# Runs one UI script against a fresh copy of the demo store:
#   run_script.sh KASIR KASIR_ADMIN SOURCE_DIR WORK_DIR SCRIPT [kasir options...]
# The store is rebuilt in WORK_DIR each time, so scripts never see each other's sales or carts.
# Screenshots land in WORK_DIR/screenshots.
set -euo pipefail
kasir=$1 admin=$2 src=$3 work=$4 script=$5
shift 5
mkdir -p "$work/screenshots"
rm -f "$work"/store.db*
"$admin" demo-store --config "$src/tests/ui/kasir-ui-test.toml" --db "$work/store.db" \
    --csv "$src/assets/demo/products.csv" --force >"$work/demo-store.log"
exec "$kasir" --config "$src/tests/ui/kasir-ui-test.toml" --db "$work/store.db" --headless \
    --assets "$src/assets" --script "$script" --screenshots "$work/screenshots" "$@"
