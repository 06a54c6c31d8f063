#!/bin/sh
# check-potfiles.sh: check that po/POTFILES.in is complete and current.
#
# Usage: check-potfiles.sh SOURCE_ROOT
#
# Lists every file under src/ and data/ that holds translatable strings:
#   - C sources and headers using _ (), N_ (), C_ (), NC_ (), Q_ () or
#     the ngettext/pgettext family,
#   - GtkBuilder .ui files with translatable="yes",
#   - desktop entries, AppStream metainfo and GSettings schemas.
# Fails (exit 1) when one of them is missing from po/POTFILES.in, or when
# po/POTFILES.in lists a file that does not exist. Files listed in
# po/POTFILES.skip, if present, are not required in POTFILES.in.

set -u

LC_ALL=C
export LC_ALL

if [ $# -ne 1 ]; then
  echo "usage: $0 SOURCE_ROOT" >&2
  exit 2
fi

srcdir=$1
potfiles=po/POTFILES.in
skipfile=po/POTFILES.skip

cd "$srcdir" || exit 2

if [ ! -f "$potfiles" ]; then
  echo "check-potfiles: $srcdir/$potfiles not found" >&2
  exit 1
fi

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

# Entries of a POTFILES-style list: comments, blank lines and
# surrounding blanks dropped.
entries ()
{
  tr -d '\r' < "$1" |
    sed -e 's/#.*$//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e '/^$/d'
}

entries "$potfiles" | sort -u > "$tmp/listed"
if [ -f "$skipfile" ]; then
  entries "$skipfile" | sort -u > "$tmp/skip"
else
  : > "$tmp/skip"
fi

dirs=
for d in src data; do
  [ -d "$d" ] && dirs="$dirs $d"
done

# A gettext macro (GTK style allows a space before the parenthesis), or a
# plural/context function.
c_re='(^|[^A-Za-z0-9_])(_|N_|C_|NC_|Q_)[[:space:]]*\([[:space:]]*("|$)|ngettext|pgettext'
ui_re='translatable="(yes|true|1)"'

: > "$tmp/found"
if [ -n "$dirs" ]; then
  # shellcheck disable=SC2086 # $dirs is a list of plain names
  {
    find $dirs -type f \( -name '*.c' -o -name '*.h' \) \
      -exec grep -l -E -e "$c_re" {} +
    find $dirs -type f -name '*.ui' \
      -exec grep -l -E -e "$ui_re" {} +
    find $dirs -type f \( -name '*.desktop.in' -o -name '*.desktop.in.in' \
      -o -name '*.metainfo.xml.in' -o -name '*.metainfo.xml.in.in' \
      -o -name '*.gschema.xml' -o -name '*.gschema.xml.in' \) -print
  } > "$tmp/found"
fi
sort -u "$tmp/found" > "$tmp/needed"

status=0

comm -23 "$tmp/needed" "$tmp/listed" | comm -23 - "$tmp/skip" > "$tmp/missing"
if [ -s "$tmp/missing" ]; then
  echo "Files with translatable strings missing from $potfiles:"
  sed 's/^/  /' "$tmp/missing"
  status=1
fi

: > "$tmp/stale"
while IFS= read -r f; do
  [ -f "$f" ] || printf '%s\n' "$f" >> "$tmp/stale"
done < "$tmp/listed"
if [ -s "$tmp/stale" ]; then
  echo "Files listed in $potfiles that do not exist:"
  sed 's/^/  /' "$tmp/stale"
  status=1
fi

if [ "$status" -eq 0 ]; then
  echo "$potfiles lists all $(wc -l < "$tmp/needed" | tr -d ' ') files with translatable strings"
fi

exit "$status"
