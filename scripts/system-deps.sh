#!/bin/sh
# Install the Debian/Ubuntu packages Qt and the tests need, only those missing.
# Usage: scripts/system-deps.sh run|test
set -eu
# Offscreen Qt (QtGui links QtDBus; a font so PDFs have text).
# `python3 -m venv` needs python3-venv on Debian and Ubuntu (the Makefile builds .venv with it).
pkgs="python3-venv libgl1 libegl1 libxkbcommon0 libglib2.0-0 libdbus-1-3 libfontconfig1 fonts-dejavu-core"
# A real window on X11 (and under Xvfb for screenshots).
pkgs="$pkgs libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0"
pkgs="$pkgs libxcb-image0 libxcb-randr0 libxcb-render-util0 libxcb-xfixes0 libxcb-xkb1 libx11-xcb1"
if [ "${1:-test}" = test ]; then
  # Real Secret Service keyring in a private D-Bus session, PDF text extraction,
  # desktop-entry and AppStream validators.
  pkgs="$pkgs dbus gnome-keyring poppler-utils desktop-file-utils appstream xvfb xauth"
  # Real browsers write the profiles the extension scan reads and print the HTML report;
  # the real rpm tool writes the rpm database the Linux scan reads.
  pkgs="$pkgs rpm"
  # Ubuntu ships both browsers only as snaps (its `chromium` deb installs the snap, and there is
  # no firefox-esr), which a container cannot run: there the real-browser tests say they skip.
  if grep -qs '^ID=ubuntu' /etc/os-release; then
    echo "Ubuntu: no chromium or firefox-esr deb; the real-browser tests will be skipped" >&2
  else
    pkgs="$pkgs chromium firefox-esr"
  fi
fi
command -v dpkg-query >/dev/null 2>&1 || { echo "not a Debian-like system: install the Qt 6 runtime libraries yourself" >&2; exit 0; }
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "Installing system packages:$missing"
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
