#!/bin/sh
# manlint.sh - lint every man page in man/ with mandoc.
#
# Run by `make check` with top_srcdir set; by hand it finds the source
# tree from its own location.  Any message at level "warning" or above
# fails the test; exit 77 (skipped) when mandoc is not installed.
#
# Tables (.Bl -column): every cell but the last of a row must fit the
# width its column is given (the string in the .Bl line).  A wider cell
# runs into the next one in man(1) ("market and weightingHHI"), and mandoc
# does not warn about it.  Cell widths are estimated from the source:
# macro names dropped, quotes of Ql, Dq, Sq and Pq and the dash of Fl
# counted, escapes such as \(em counted as one character.

if ! command -v mandoc >/dev/null 2>&1; then
	echo "manlint: mandoc not found: skipped"
	exit 77
fi

if [ -z "${top_srcdir:-}" ]; then
	case $0 in
	*/*) here=${0%/*} ;;
	*) here=. ;;
	esac
	top_srcdir=$(cd "$here/../.." && pwd) || exit 99
fi

status=0
found=0
for page in "$top_srcdir"/man/*.[1-9]; do
	[ -f "$page" ] || continue
	found=$((found + 1))
	out=$(mandoc -Tlint -W warning "$page" 2>&1)
	rc=$?
	if [ -n "$out" ] || [ "$rc" -ne 0 ]; then
		printf '%s\n' "$out"
		echo "FAIL: $page (mandoc exit status $rc)"
		status=1
	else
		echo "ok: $page"
	fi
done

# colcheck PAGE: print each cell wider than its column.
colcheck() {
	awk -v page="$1" '
	function unquote(s) { gsub(/^"|"$/, "", s); return s }
	# The rendered width of one cell of source text.
	function cellwidth(s,    n, i, t, w, out, extra) {
		gsub(/\\\(../, "x", s); gsub(/\\\[[^]]*\]/, "x", s)
		gsub(/\\&/, "", s); gsub(/\\ /, "_", s); gsub(/\\[e-]/, "x", s)
		gsub(/"/, "", s)
		n = split(s, t, /[ \t]+/)
		out = ""; extra = 0
		for (i = 1; i <= n; i++) {
			w = t[i]
			if (w == "") continue
			if (w ~ /^(Ql|Dq|Sq|Pq)$/) { extra += 2; continue }
			if (w == "Fl") { extra += 1; continue }
			if (w == "Xr") { extra += 1; continue }
			if (w ~ /^(Pa|Sy|Li|Cm|Ar|Em|No|Ns|Sx|Ic|Va|Ev|Nm)$/) continue
			if (w ~ /^[,.;:)\]]$/ || out == "") out = out w
			else out = out " " w
		}
		return length(out) + extra
	}
	/^\.Bl -column/ {
		incol = 1; ncol = 0; rest = substr($0, 12)
		while (match(rest, /"[^"]*"|[^ \t]+/)) {
			a = substr(rest, RSTART, RLENGTH); rest = substr(rest, RSTART + RLENGTH)
			if (a ~ /^-/) { if (a == "-offset" || a == "-width") skip = 1; continue }
			if (skip) { skip = 0; continue }
			spec[++ncol] = unquote(a)
		}
		next
	}
	incol && /^\.El/ { incol = 0; next }
	incol && /^\.It/ {
		line = substr($0, 5)
		n = split(line, cell, / Ta |\t/)
		for (i = 1; i < n && i <= ncol; i++) {
			w = cellwidth(cell[i])
			if (w > length(spec[i])) {
				printf "%s:%d: column %d: \"%s\" is %d wide, its column %d (\"%s\"): the columns run together\n", page, NR, i, cell[i], w, length(spec[i]), spec[i]
				bad = 1
			}
		}
	}
	END { exit bad }' "$1"
}
for page in "$top_srcdir"/man/*.[1-9]; do
	[ -f "$page" ] || continue
	if ! colcheck "$page"; then
		echo "FAIL: $page: a table cell is wider than its column"
		status=1
	fi
done

if [ "$found" -eq 0 ]; then
	echo "manlint: no man pages in $top_srcdir/man"
	exit 1
fi
exit "$status"
