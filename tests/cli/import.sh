#!/bin/sh
# import.sh - `chokepoint import` on the hand-made package set of
# tests/data/roi/set: the data set written equals tests/data/roi/expected
# (written by hand from the packages; see tests/data/roi/README.md), it
# validates, it is the same bytes on a second run and with the shipped
# assumptions file, --systemic flags the listed LEI, an assumptions file
# changes what it says, import.json fingerprints every input, a FIFO
# named like a table is refused at once, a folder of packages reads as
# its zips, and a failed import leaves an earlier output as it was.
LC_ALL=C
export LC_ALL
if [ -z "${top_srcdir-}" ]; then
	top_srcdir=$(cd "$(dirname "$0")/../.." && pwd) || exit 99
fi
: "${CHOKEPOINT:=$top_srcdir/chokepoint}"
set=$top_srcdir/tests/data/roi/set
exp=$top_srcdir/tests/data/roi/expected
tmp=$(mktemp -d "${TMPDIR:-/tmp}/chokepoint-import.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "import.sh: $*" >&2; fail=1; }
files="institutions services vendors cloud dependencies"

"$CHOKEPOINT" -q import "$set/pkgA" "$set/pkgB.zip" "$set/pkgC" -o "$tmp/a" >/dev/null ||
	bad "import of the set failed"
for f in $files; do
	cmp -s "$exp/$f.csv" "$tmp/a/$f.csv" || { bad "$f.csv differs from the expected:"; diff "$exp/$f.csv" "$tmp/a/$f.csv" >&2; }
done
"$CHOKEPOINT" -q validate "$tmp/a" >/dev/null || bad "validate refuses the imported data set"

# Groups from the ultimate parents: SUBP's is TELC, so TELC's group holds
# two providers; they serve BNKA (F3 -> TELC; 1 of 1 credit institution,
# 1000 of 1000 assets) and PAYC (P1 -> TELC; 1 of 1, 40 of 40).
"$CHOKEPOINT" -qq analyze "$tmp/a" -o "$tmp/an" --no-charts >/dev/null || bad "analyze of the imported set failed"
grep -q '^5493000000000000TELC,2,credit_institution,yes,1,1,1000,1,yes,yes,' "$tmp/an/ctpp.csv" &&
	grep -q '^5493000000000000TELC,2,payment_institution,yes,1,1,40,1,yes,yes,' "$tmp/an/ctpp.csv" ||
	bad "ctpp.csv lacks TELC's group of two providers"

# Same inputs, same bytes; the shipped assumptions are the defaults.
"$CHOKEPOINT" -q import "$set/pkgA" "$set/pkgB.zip" "$set/pkgC" -o "$tmp/b" \
	--assumptions "$top_srcdir/data/roi-assumptions.ini" >/dev/null || bad "import with the shipped assumptions failed"
for f in $files; do
	cmp -s "$tmp/a/$f.csv" "$tmp/b/$f.csv" || bad "$f.csv differs with data/roi-assumptions.ini"
done

# SHA-256 of every input in import.json.
for p in "$set/pkgB.zip" "$set/pkgC/b_02.02.csv" "$set/pkgA/reports/report.json"; do
	h=$(sha256sum "$p" | cut -c1-64)
	grep -q "\"$p\": \"$h\"" "$tmp/a/import.json" || bad "import.json lacks the SHA-256 of $p"
done

# --systemic: the listed LEI (and only it) is flagged.
printf '# G-SIIs\n5299000000000000INSB\n\n' >"$tmp/sys.txt"
"$CHOKEPOINT" -q import "$set/pkgA" "$set/pkgB.zip" "$set/pkgC" -o "$tmp/c" --systemic "$tmp/sys.txt" >/dev/null ||
	bad "import with --systemic failed"
[ "$(grep -c ',1,[A-Z]*$' "$tmp/c/institutions.csv")" = 1 ] &&
	grep -q '^5299000000000000INSB,Insurer B,insurance_undertaking,500,1,FR$' "$tmp/c/institutions.csv" ||
	bad "--systemic did not flag exactly 5299000000000000INSB"

# An assumptions file: x962 = 10 hours and x961 = none make the edges of
# BNKA:F1 -> CLDX (x961 and x962: the longest, none) and PAYC:P1 -> TELC
# (x962 and x959: none) hard; x794 then makes an edge (BNKA:F3 -> ICTS);
# S10 outages at 2 a year.
printf '[failover]\nx961 = none\nx962 = 10\n[reliance]\nno_edge =\n[outage]\nS10 = 2 1 5\n' >"$tmp/as.ini"
"$CHOKEPOINT" -q import "$set/pkgA" "$set/pkgB.zip" "$set/pkgC" -o "$tmp/d" --assumptions "$tmp/as.ini" >/dev/null ||
	bad "import with an assumptions file failed"
grep -q '^5299000000000000BNKA:F1,5493000000000000CLDX,$' "$tmp/d/dependencies.csv" ||
	bad "x961 = none did not make BNKA:F1 -> CLDX hard"
grep -q '^5299000000000000BNKA:F3,5299000000000000ICTS,$' "$tmp/d/dependencies.csv" ||
	bad "no_edge = (empty) did not keep the x794 row"
grep -q '^5493000000000000TELC,Telco One AG,telecom_carrier,DE,2,1,5,5493000000000000TELC$' "$tmp/d/vendors.csv" ||
	bad "[outage] S10 not applied"

# A FIFO named like a table is refused without waiting for a writer
# (it used to block in open): exit 65 within the timeout, with a message.
if command -v mkfifo >/dev/null 2>&1 && command -v timeout >/dev/null 2>&1; then
	mkdir "$tmp/fifo" && cp "$set"/pkgC/*.csv "$tmp/fifo"/ && chmod u+w "$tmp/fifo"/*.csv &&
		rm "$tmp/fifo/b_01.02.csv" && mkfifo "$tmp/fifo/b_01.02.csv" || bad "cannot make the FIFO fixture"
	timeout 20 "$CHOKEPOINT" -q import "$tmp/fifo" -o "$tmp/f" 2>"$tmp/fifo.err"
	rc=$?
	[ $rc -eq 65 ] || bad "a FIFO b_01.02.csv: exit $rc, expected 65 (124: it blocked)"
	grep -q "b_01.02.csv: cannot read: not a regular file" "$tmp/fifo.err" ||
		bad "a FIFO b_01.02.csv: no \"not a regular file\" message"
fi

# A folder of packages is read as its *.zip files named one by one (the
# data set is sorted, so it does not show their order), other files
# ignored; a folder or a link to one named *.zip is not searched (two
# links to "." used to recurse without end); a folder of both tables and
# packages is refused.  A FIFO named as the input itself is refused at once
# (a zip is read by seeking; it used to be handed to the zip library).
mkdir "$tmp/pk" && cp "$set/pkgB.zip" "$tmp/pk/b.zip" && cp "$set/pkgB.zip" "$tmp/pk/a.zip" &&
	echo '# not a package' >"$tmp/pk/systemic.txt" || bad "cannot make the package folder"
"$CHOKEPOINT" -q import "$tmp/pk" -o "$tmp/pf" >/dev/null || bad "import of a folder of packages failed"
"$CHOKEPOINT" -q import "$tmp/pk/a.zip" "$tmp/pk/b.zip" -o "$tmp/pz" >/dev/null ||
	bad "import of the two packages failed"
for f in $files; do
	cmp -s "$tmp/pz/$f.csv" "$tmp/pf/$f.csv" || bad "$f.csv of the package folder differs from naming its zips"
done
grep -q "\"$tmp/pk/a.zip\"" "$tmp/pf/import.json" && grep -q "\"$tmp/pk/b.zip\"" "$tmp/pf/import.json" ||
	bad "import.json of the package folder lacks its zips"
ln -s . "$tmp/pk/y.zip" && ln -s . "$tmp/pk/z.zip" && mkdir "$tmp/pk/d.zip" ||
	bad "cannot make the links"
timeout 20 "$CHOKEPOINT" -q import "$tmp/pk" -o "$tmp/pl" >/dev/null 2>&1 ||
	bad "a package folder with links to itself: exit $? (124: it did not end)"
for f in $files; do
	cmp -s "$tmp/pz/$f.csv" "$tmp/pl/$f.csv" || bad "$f.csv differs when the folder holds links named *.zip"
done
cp "$set/pkgC/b_01.02.csv" "$tmp/pk/" || bad "cannot copy a table"
"$CHOKEPOINT" -q import "$tmp/pk" -o "$tmp/pm" >/dev/null 2>"$tmp/pm.err"
rc=$?
[ $rc -eq 65 ] && grep -q "holds both tables of the register (b_XX.XX.csv) and packages" "$tmp/pm.err" ||
	bad "a folder of tables and packages: exit $rc, expected 65 with a message"
if command -v mkfifo >/dev/null 2>&1 && command -v timeout >/dev/null 2>&1; then
	mkfifo "$tmp/pipe.zip" || bad "cannot make the FIFO"
	timeout 20 "$CHOKEPOINT" -q import "$tmp/pipe.zip" -o "$tmp/pp" 2>"$tmp/pipe.err"
	rc=$?
	[ $rc -eq 65 ] || bad "a FIFO as the input: exit $rc, expected 65 (124: it blocked)"
	grep -q "pipe.zip: cannot read: not a regular file" "$tmp/pipe.err" ||
		bad "a FIFO as the input: no \"not a regular file\" message"
fi

# A failed import (a reject rule) leaves the earlier output as it was.
cp -r "$tmp/a" "$tmp/a.before"
"$CHOKEPOINT" -q import "$top_srcdir/tests/data/roi/bad/r806" -o "$tmp/a" --force 2>/dev/null
[ $? -eq 65 ] || bad "a reject rule did not exit 65"
diff -r "$tmp/a.before" "$tmp/a" >/dev/null || bad "a failed import changed the earlier output"
# Without --force an earlier data set is not replaced.
"$CHOKEPOINT" -q import "$set/pkgC" -o "$tmp/a" 2>/dev/null && bad "an existing data set was replaced without --force"
exit $fail
