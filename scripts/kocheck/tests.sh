#!/bin/bash
# kocheck's unit tests live in tests/kocheck/unit; this name is what
# tests/kocheck.sh runs.
set -eu
exec bash "$(cd "$(dirname "$0")" && pwd)/../../tests/kocheck/unit" "$@"
