# Sourced by the benchmark scripts: sets py to a python3 >= 3.11 (BENCH_PYTHON if set).
py="${BENCH_PYTHON:-}"
if [ -z "$py" ]; then
  for cand in python3 python3.13 python3.12 python3.11 /usr/bin/python3; do
    if command -v "$cand" >/dev/null 2>&1 &&
       "$cand" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      py="$cand"; break
    fi
  done
fi
[ -n "$py" ] || { echo "$(basename "$0"): needs python3 >= 3.11" >&2; exit 1; }
