#!/bin/sh
# Build the one-folder Linux bundle with PyInstaller, then smoke-test the built binary:
# --version, a scan of a fake computer that must find Zoom, and the window opening offscreen.
# Usage: packaging/pyinstaller/build.sh   (VENV=path/to/venv to use another virtualenv)
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VENV=${VENV:-$ROOT/.venv}
PY=$VENV/bin/python
DIST=$ROOT/dist/pyinstaller
WORK=$ROOT/build/pyinstaller
"$PY" -m pip install -q "pyinstaller>=6.10"

start=$(date +%s)
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$DIST" --workpath "$WORK" "$ROOT/packaging/pyinstaller/meetguard.spec"
echo "Built $DIST/meetguard in $(( $(date +%s) - start )) s, $(du -sh "$DIST/meetguard" | cut -f1)"

BIN=$DIST/meetguard/meetguard
SMOKE=$(mktemp -d)
trap 'rm -rf "$SMOKE"' EXIT
# The smoke runs keep their data, settings and single-instance name out of the real home.
export HOME="$SMOKE/home" XDG_DATA_HOME="$SMOKE/home/.local/share" \
  XDG_CONFIG_HOME="$SMOKE/home/.config" XDG_CACHE_HOME="$SMOKE/home/.cache" \
  XDG_STATE_HOME="$SMOKE/home/.local/state"
mkdir -p "$HOME"

version=$("$BIN" --version)
want="MeetGuard $("$PY" -c 'import sys; sys.path.insert(0, sys.argv[1]); import meetguard; print(meetguard.__version__)' "$ROOT")"
[ "$version" = "$want" ] || { echo "smoke: --version said '$version', expected '$want'" >&2; exit 1; }
echo "smoke: --version ok ($version)"

# A fake computer with a Zoom .deb install, laid out the way tests/fakehost.py does it.
HOST=$SMOKE/host
mkdir -p "$HOST/home/alice" "$HOST/opt/zoom" "$HOST/usr/share/applications" "$HOST/var/lib/dpkg"
echo "6.2.11.5069" > "$HOST/opt/zoom/version.txt"
printf '\177ELF' > "$HOST/opt/zoom/ZoomLauncher"
printf '[Desktop Entry]\nType=Application\nName=Zoom Workplace\nExec=/usr/bin/zoom %%U\n' \
  > "$HOST/usr/share/applications/Zoom.desktop"
printf 'Package: zoom\nStatus: install ok installed\nVersion: 6.2.11.5069\n' \
  > "$HOST/var/lib/dpkg/status"
"$BIN" scan --root "$HOST" --platform linux --json > "$SMOKE/scan.json"
"$PY" - "$SMOKE/scan.json" <<'PYEOF'
import json, sys
found = {i["client"]: i["version"] for i in json.load(open(sys.argv[1]))["installations"]}
if found.get("zoom") != "6.2.11.5069":
    sys.exit(f"smoke: scan did not find Zoom 6.2.11.5069 (found {found})")
PYEOF
echo "smoke: scan of a fake computer found Zoom"

QT_QPA_PLATFORM=offscreen MEETGUARD_SMOKE_EXIT_MS=1500 timeout 60 "$BIN" \
  || { echo "smoke: the window did not open (status $?)" >&2; exit 1; }
echo "smoke: the window opened offscreen and closed"
