#!/usr/bin/env bash
# `make smoke`: the oldest and newest supported Pythons install the package as a user would
# (a fresh virtual environment, `pip install '.[render]'`: the render extra so that the
# drawing test runs too) and run the demo console script and a handful
# of representative tests against that installed copy (not the checkout's). A Python that is
# not on this machine is skipped with a message; any failure fails the target.
# Usage: tools/smoke.sh PYTHON...   (e.g. python3.9 python3.13)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$repo/build/smoke"
tests="tests/test_packaging.py tests/test_session.py tests/test_gradients.py tests/test_keras_saving.py"

# pythonX.Y on the PATH, else pyenv's build of it (pyenv's shim runs only the selected ones).
find_python() {
    if command -v "$1" >/dev/null 2>&1 && "$1" -c "" >/dev/null 2>&1; then
        command -v "$1"
        return
    fi
    local candidate
    for candidate in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"${1#python}".*/bin/"$1"; do
        [ -x "$candidate" ] && echo "$candidate" && return
    done
    return 1
}

status=0
for name in "$@"; do
    if ! python="$(find_python "$name")"; then
        echo "smoke: SKIPPED $name (not installed here)"
        continue
    fi
    version="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    venv="$work/py$version"
    start=$SECONDS
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$repo[render]" pytest \
        2> >(grep -v "^WARNING: Location" >&2)
    # From outside the checkout, so the installed package is the one imported.
    if (cd "$work" && "$venv/bin/python" -c "import autograd_engine as tf, sys; \
            assert 'site-packages' in tf.__file__, tf.__file__; print('smoke: python', \
            sys.version.split()[0], 'autograd_engine', tf.__version__, 'numpy', \
            __import__('numpy').__version__)" \
        && "$venv/bin/autograd-engine-demo" --steps 200 --picture "" | tail -1 \
        && "$venv/bin/python" -m pytest -q -p no:cacheprovider --rootdir "$repo" \
            $(for t in $tests; do echo "$repo/$t"; done) | tail -1); then
        echo "smoke: python $version passed in $((SECONDS - start)) s"
    else
        echo "smoke: python $version FAILED"
        status=1
    fi
done
exit $status
