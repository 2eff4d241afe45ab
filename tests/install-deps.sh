#!/bin/sh
# install-deps.sh -- install the Debian packages award needs, when missing.
# Usage: install-deps.sh PACKAGE...   Runs apt-get only if a package is absent.
missing=""
for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null || exit 1
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq $missing >/dev/null || exit 1
