#!/usr/bin/env bash
# Extract translatable strings into Keten's gettext catalogues (needs GNU gettext: xgettext).
# Each app with its own locale/ keeps its own catalogue; keten/locale holds the rest (the
# shell, accounts, audit and the rules in keten/core). English entries are filled from the
# source text; Dutch, French and German are translated by people.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=keten.settings
ADMIN="$PWD/.venv/bin/django-admin"
LANGS=(-l nl -l fr -l en -l de)
own=()
for dir in keten/*/locale; do
  app=$(dirname "$dir")
  own+=(--ignore "$(basename "$app")/*")
  (cd "$app" && "$ADMIN" makemessages "${LANGS[@]}" --no-obsolete --no-location --no-wrap >/dev/null)
done
(cd keten && "$ADMIN" makemessages "${LANGS[@]}" --no-obsolete --no-location --no-wrap \
  --ignore 'static/*' "${own[@]}" >/dev/null)
.venv/bin/python scripts/fill_english.py
echo "Catalogues updated. Translate the new nl, fr and de entries, then run make test."
