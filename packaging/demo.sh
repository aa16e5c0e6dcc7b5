#!/usr/bin/env bash
# Installs what is missing, builds kasir and starts the kiosk in demo mode: the demo store
# (seeded from the Open Food Facts catalogue in assets/demo) with the payment terminal, receipt
# printer and scale simulators running as child processes of kasir, a simulated hand scanner,
# and a camera fed from a folder of generated frames (six catalogue products held up in turn,
# played once: assets/demo/state/camera-feed, made on the first run).
#
#   bash packaging/demo.sh                 fullscreen on this display (close the window or
#                                          send SIGTERM to stop; attendant corner top left: staff 1,
#                                          PIN 1357; supervisor 2/2468; manager 3/8024)
#   bash packaging/demo.sh --size 1080x1920   a portrait window
#   KASIR_DEMO_SCRIPTED=1 bash packaging/demo.sh   the old scripted CLI checkout instead
#
# Without a display (no $DISPLAY / $WAYLAND_DISPLAY) it runs a scripted headless checkout
# with screenshots and says how to run it yourself.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash packaging/install-deps.sh
mkdir -p build
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >build/configure.log 2>&1 ||
    { cat build/configure.log; exit 1; }
cmake --build build -j "$(nproc)" --target kasir kasir-admin kasir-barcode-gen
if [[ -n "${KASIR_DEMO_SCRIPTED:-}" ]]; then
    exec build/kiosk/admin/kasir-admin demo "$@"
fi
# The demo store database, built once (kasir-admin demo-store --force rebuilds it). A demo
# store made before staff accounts existed has nobody who can sign in: it is rebuilt (the
# demo's own sales go with it).
if [[ ! -f assets/demo/state/kasir-demo.db ]]; then
    build/kiosk/admin/kasir-admin demo-store
elif [[ ! -f assets/demo/state/badges/1.txt ]]; then
    echo "kasir: the demo store predates staff accounts; rebuilding it with the demo staff"
    build/kiosk/admin/kasir-admin demo-store --force
fi
# The demo camera's feed, made once: ordinary (not age-restricted, not weighed) products from
# the demo catalogue, each held up for 1 s after 2 s of empty scene, easy to read. The demo
# config's [devices.camera] plays it once at 30 fps (folder:state/camera-feed).
feed=assets/demo/state/camera-feed
if [[ ! -d $feed ]]; then
    rm -rf "$feed.part"
    build/vision/gen/kasir-barcode-gen --catalog assets/demo/products.csv --out "$feed.part" \
        --items 6 --seed 1 --hold-frames 30 --gap-frames 60 --difficulty easy
    mv "$feed.part" "$feed"
fi
if [[ -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" ]]; then
    echo "kasir: starting the kiosk (demo store, English; attendant corner top left: staff 1 PIN 1357, supervisor 2 PIN 2468, manager 3 PIN 8024; badges in assets/demo/state/badges)"
    exec build/kiosk/app/kasir --demo "$@"
fi
shots="$root/build/demo-screenshots"
mkdir -p "$shots"
echo "kasir: no display here; running a scripted checkout headless (screenshots in $shots)"
# The scripted checkout's expectations need a camera that adds nothing by itself.
SDL_VIDEODRIVER=offscreen build/kiosk/app/kasir --demo --headless --camera 'still:?fps=10' \
    --script tests/ui/scripts/demo.kasir --screenshots "$shots" "$@"
cat <<EOT
kasir: the scripted checkout passed. To run it yourself:
  on a display:      build/kiosk/app/kasir --demo            (fullscreen)
                     build/kiosk/app/kasir --demo --size 1080x1920
  headless (no X):   SDL_VIDEODRIVER=offscreen build/kiosk/app/kasir --demo --headless \\
                         --script tests/ui/scripts/demo.kasir --screenshots /tmp/shots
  under Xvfb:        xvfb-run -a -s "-screen 0 1920x1080x24" build/kiosk/app/kasir --demo
  the benchmark:     xvfb-run -a -s "-screen 0 1920x1080x24" build/kiosk/app/kasir --demo --bench
  the back office:   build/kiosk/admin/kasir-admin --help
EOT
