#!/usr/bin/env bash
# Install the Debian packages listed in $1 that are missing, when we can (root + apt-get).
# Why a script: a fresh Debian machine lacks some of them, and `make brief` must work there from nothing.
set -euo pipefail
list="$1"
python="${2:-python3}"

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "setup: not a Debian system; install the equivalents of $list yourself." >&2
    exit 0
fi

missing=()
while read -r pkg; do
    pkg="${pkg%%#*}"; pkg="${pkg// /}"
    [ -z "$pkg" ] && continue
    if [ "$pkg" = "python3-venv" ] && "$python" -c 'import ensurepip, venv' 2>/dev/null; then
        continue  # this Python (pyenv, python.org build) ships venv with ensurepip
    fi
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done < "$list"

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
    echo "setup: these Debian packages are missing: ${missing[*]}" >&2
    echo "setup: run as root, or ask an administrator:  sudo apt-get install ${missing[*]}" >&2
    exit 1
fi
