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
    "$PY" -m babel.messages.frontend extract -F tools/babel.cfg --no-location --sort-output --no-wrap -k N_ \
        --project=zzprint --copyright-holder=zzprint --msgid-bugs-address= -o "$POT" .
    # A {placeholder} message is no %-format one, though "240 % limit" reads as "% li" to Babel.
    sed -i 's/^#, python-brace-format, python-format$/#, python-brace-format/' "$POT"
    if [ -f "$PO" ]; then
        "$PY" -m babel.messages.frontend update -i "$POT" -d $LOCALE -D zzprint -l zh_CN \
            --no-fuzzy-matching --ignore-obsolete --no-wrap
    else
        "$PY" -m babel.messages.frontend init -i "$POT" -d $LOCALE -D zzprint -l zh_CN --no-wrap
    fi
    rm -f "$POT"
    sed -i 's/^#, python-brace-format, python-format$/#, python-brace-format/' "$PO"
fi
# Compiled by Babel's writer without pybabel compile's %-format check: that check reads "240 % limit"
# in a {placeholder} message as a %-conversion (tests/test_i18n.py checks the placeholders instead).
"$PY" - "$PO" <<'PY'
import sys
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
po = sys.argv[1]
with open(po, "rb") as source:
    catalogue = read_po(source)
with open(po[:-3] + ".mo", "wb") as target:
    write_mo(target, catalogue)
done = sum(1 for m in catalogue if m.id and m.string and not m.fuzzy)
print(f"{po[:-3]}.mo: {done} of {len(catalogue)} messages translated")
PY
