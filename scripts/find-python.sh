#!/bin/sh
# Print the path of a Python >= 3.12 interpreter, or explain and fail.
# Order: $PYTHON, python3.14..python3.12 on PATH, pyenv's installed versions, python3.
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
for candidate in "${PYTHON:-}" python3.14 python3.13 python3.12; do
  [ -n "$candidate" ] || continue
  path=$(command -v "$candidate" 2>/dev/null) || continue
  if ok "$path"; then echo "$path"; exit 0; fi
done
root=$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")
for dir in $(ls -d "$root"/versions/3.1[2-9]* 2>/dev/null | sort -rV); do
  if [ -x "$dir/bin/python3" ] && ok "$dir/bin/python3"; then echo "$dir/bin/python3"; exit 0; fi
done
if command -v python3 >/dev/null 2>&1 && ok python3; then command -v python3; exit 0; fi
echo "error: Python 3.12 or newer is required (Django 6.1), and none was found." >&2
echo "  Tried \$PYTHON, python3.14/3.13/3.12 on PATH, pyenv versions under $root, and python3 ($(python3 --version 2>&1))." >&2
echo "  Install one (e.g. 'pyenv install 3.13') or run: make PYTHON=/path/to/python3.12 install" >&2
exit 1
