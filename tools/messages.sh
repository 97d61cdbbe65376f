#!/bin/sh
# The message catalogue, after messages changed in src/zzprint (Babel, installed by make test):
#   extract every _() / N_() id, merge them into the Chinese catalogue (a new id comes in untranslated,
#   and tests/test_i18n.py fails until it has its msgstr), then compile the .mo the program reads.
#   sh tools/messages.sh            extract + update + compile
#   sh tools/messages.sh compile    compile only (after translating in the .po)
set -e
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
LOCALE=src/zzprint/locale
PO=$LOCALE/zh_CN/LC_MESSAGES/zzprint.po
if [ "$1" != compile ]; then
    POT=$(mktemp --suffix=.pot)
    "$PY" -m babel.messages.frontend extract --no-location --sort-output --no-wrap -k N_ \
        --project=zzprint --copyright-holder=zzprint --msgid-bugs-address= -o "$POT" src/zzprint
    if [ -f "$PO" ]; then
        "$PY" -m babel.messages.frontend update -i "$POT" -d $LOCALE -D zzprint -l zh_CN \
            --no-fuzzy-matching --ignore-obsolete --no-wrap --omit-header
    else
        "$PY" -m babel.messages.frontend init -i "$POT" -d $LOCALE -D zzprint -l zh_CN --no-wrap
    fi
    rm -f "$POT"
fi
"$PY" -m babel.messages.frontend compile -d $LOCALE -D zzprint -l zh_CN --statistics
