#!/usr/bin/env bash
# Writes the build's one artifact.
set -euo pipefail
mkdir -p dist
printf 'built %s at %s\n' "$1" "$((1000 + 337))" > dist/app.txt
