# Shared settings for the make targets. Sourced, not executed.
export RASA_TELEMETRY_ENABLED=false
export TF_CPP_MIN_LOG_LEVEL=2
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export SANIC_HOST=127.0.0.1   # the action server listens on localhost only
VENV="$PWD/.venv"
PY="$VENV/bin/python"
RASA="$VENV/bin/rasa"
MODEL="models/current.tar.gz"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf '\033[31mFeil: %s\033[0m\n' "$*" >&2; exit 1; }
# Keep the output readable: hide third-party deprecation noise (Rasa's own warnings still show).
export PYTHONWARNINGS="ignore::DeprecationWarning"
export SQLALCHEMY_SILENCE_UBER_WARNING=1
