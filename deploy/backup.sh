#!/usr/bin/env bash
# Daily backup of the conversations: an example to adapt (deploy/systemd/anskaffelseslosen-backup.timer runs it).
#   PostgreSQL (TRACKER_DB_HOST set): pg_dump in custom format   → $BACKUP_DIR/tracker-<time>.dump
#   SQLite     (TRACKER_DB_PATH set): an online copy through SQLite's backup API, safe while Rasa writes
#                                                              → $BACKUP_DIR/tracker-<time>.db
# Keeps BACKUP_KEEP_DAYS days (default 14). Backups hold conversations too: keep them no longer than needed, on
# storage with the same protection as the database; a conversation deleted by the retention job (30 days) is gone
# from the backups BACKUP_KEEP_DAYS days later. Restore: pg_restore --clean -d <db> <file>, or stop Rasa and copy
# the .db file back.
set -euo pipefail
BACKUP_DIR="${BACKUP_DIR:-/var/backups/anskaffelseslosen}"
KEEP_DAYS="${BACKUP_KEEP_DAYS:-14}"
PYTHON="${PYTHON:-python3}"
stamp="$(date +%Y%m%d-%H%M%S)"
umask 077
mkdir -p "$BACKUP_DIR"

if [ -n "${TRACKER_DB_HOST:-}" ]; then
  target="$BACKUP_DIR/tracker-$stamp.dump"
  PGPASSWORD="${TRACKER_DB_PASSWORD:-}" PGSSLMODE="${PGSSLMODE:-prefer}" pg_dump --format=custom --no-owner \
    -h "$TRACKER_DB_HOST" -p "${TRACKER_DB_PORT:-5432}" -U "${TRACKER_DB_USER:-rasa}" \
    -f "$target.part" "${TRACKER_DB_NAME:-anskaffelseslosen}"
elif [ -n "${TRACKER_DB_PATH:-}" ]; then
  target="$BACKUP_DIR/tracker-$stamp.db"
  "$PYTHON" - "$TRACKER_DB_PATH" "$target.part" <<'PY'
import sqlite3
import sys

source = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
copy = sqlite3.connect(sys.argv[2])
source.backup(copy)
assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
copy.close()
source.close()
PY
else
  echo "Feil: sett TRACKER_DB_HOST (PostgreSQL) eller TRACKER_DB_PATH (SQLite), som for tjenesten." >&2
  exit 2
fi
mv "$target.part" "$target"
find "$BACKUP_DIR" -maxdepth 1 -name 'tracker-*' -type f -mtime +"$KEEP_DAYS" -delete
echo "Sikkerhetskopi: $target ($(du -h "$target" | cut -f1)); eldre enn $KEEP_DAYS dager er slettet."
