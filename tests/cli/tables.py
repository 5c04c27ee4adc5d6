#!/usr/bin/env python3
"""Check every column of every text table of summary.txt against the CSV
file it summarises (chokepoint-report(5)).

    tables.py analyze OUTDIR      an `analyze` directory
    tables.py run OUTDIR/MODEL    one model's directory of a `run`

A table is found by its title line; its rows are the lines after the
header up to the first blank line or line that does not name a row of the
CSV.  A printed number must equal the CSV's to the digits it shows
(|printed - csv| <= half a unit of its last digit); a percentage is
100 x the CSV's share.  Rows must also be the CSV's top rows by the
table's key, where the table says it ranks.  Prints every mismatch and
exits 1 if there is one.
"""
import csv
import os
import sys

errors = []


def err(table, row, msg):
    errors.append("%s: %s: %s" % (table, row, msg))


def load(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def num(x):
    return float("inf") if x in ("inf", "unlimited") else float(x)


def same(printed, value, scale=1.0):
    """Does the printed number (maybe with %, h or a suffix) show value?"""
    p = printed.rstrip("%h")
    v = num(value) * scale
    if p == "inf":
        return v == float("inf")
    d = len(p.split(".")[1]) if "." in p else 0
    return abs(float(p) - v) <= 0.5 * 10 ** -d + 1e-9


def section(lines, title):
    """Index of the line that starts with title, or None."""
    for i, l in enumerate(lines):
        if l.startswith(title):
            return i
    return None


def rows(lines, title, known, first=0, table=None):
    """Rows of the table under title: token lists whose token 'first'
    (the key) is in known; header lines before them are skipped."""
    i = section(lines, title)
    if i is None:
        err(table or title, "-", "table not found")
        return []
    out = []
    started = False
    for l in lines[i + 1:]:
        t = l.split()
        if not l.strip():
            break
        if len(t) > first and t[first] in known:
            out.append(t)
            started = True
        elif started:
            break
    if not out:
        err(table or title, "-", "no rows")
    return out


def check(table, key, got, want, scale=1.0):
    """One cell: printed got, CSV value want."""
    if isinstance(want, str) and not _isnum(want):
        if got != want:
            err(table, key, "printed %r, CSV %r" % (got, want))
    elif not _isnum(got.rstrip("%h")) or not same(got, want, scale):
        err(table, key, "printed %s, CSV %s%s" % (got, want,
                                                  " x %g" % scale if scale != 1 else ""))


def _isnum(s):
    try:
        num(s)
        return True
    except ValueError:
        return False


def ranked(table, printed_keys, csv_rows, key, value):
    """The printed rows are the CSV's top rows by value (ties in any order)."""
    vals = sorted((value(r) for r in csv_rows), reverse=True)[:len(printed_keys)]
    mine = sorted((value(key[k]) for k in printed_keys), reverse=True)
    if mine != vals:
        err(table, "order", "rows are not the top %d by the table's key" % len(printed_keys))
    got = [value(key[k]) for k in printed_keys]
    if got != sorted(got, reverse=True):
        err(table, "order", "rows not in descending order of the table's key")


# ---- analyze ------------------------------------------------------------

def check_analyze(d):
    lines = open(os.path.join(d, "summary.txt"), encoding="utf-8").read().split("\n")
    reach = {r["provider"]: r for r in load(os.path.join(d, "reach.csv"))}
    curve = {}
    for r in load(os.path.join(d, "breach_curve.csv")):
        curve[(r["provider"], r["duration_hours"])] = r
    spof = load(os.path.join(d, "spof.csv"))
    conc = load(os.path.join(d, "concentration.csv"))
    fr = load(os.path.join(d, "false_redundancy.csv"))
    cuts = load(os.path.join(d, "cutsets.csv"))

    n_spof = {}
    n_nth = {}
    spof_inst = {}
    for r in spof:
        p = r["provider"]
        n_spof[p] = n_spof.get(p, 0) + 1
        n_nth[p] = n_nth.get(p, 0) + (int(r["depth"]) >= 2)
        spof_inst.setdefault(p, set()).add(r["institution"])

    def breach_row(t, tab):
        p = t[0]
        r, c = reach[p], curve.get((p, "24"))
        check(tab, p, t[1], r["type"])
        if c is None:
            err(tab, p, "no 24 h row in breach_curve.csv")
        else:
            check(tab, p, t[2], c["institutions_breached"])
            check(tab, p, t[3], c["assets_share_breached"], 100)
        check(tab, p, t[4], r["breached_institutions"])
        check(tab, p, t[5], r["breached_assets_share"], 100)

    # ranked by the 24 h outage first, then the unlimited one
    def day(r, col):
        c = curve.get((r["provider"], "24"))
        return float(c[col]) if c else 0.0

    for title, keyf in (
            ("Top chokepoints by institutions in breach",
             lambda r: (day(r, "institutions_breached"), int(r["breached_institutions"]))),
            ("Top chokepoints by share of total assets in breach",
             lambda r: (day(r, "assets_share_breached"),
                        float(r["breached_assets_share"])))):
        got = rows(lines, title, reach)
        for t in got:
            breach_row(t, title)
            check(title, t[0], t[6], reach[t[0]]["exposed_institutions"])
            check(title, t[0], t[7], str(n_spof.get(t[0], 0)))
        ranked(title, [t[0] for t in got],
               [r for r in reach.values() if int(r["breached_services"]) > 0 or
                day(r, "services_breached") > 0], reach, keyf)

    tab = "Worst provider of each type"
    for t in rows(lines, tab, reach, first=2):
        kind, typ, p = t[0], t[1], t[2]
        breach_row([p, typ] + t[3:], tab)
        check(tab, p, kind, reach[p]["kind"])
        best = max(int(r["breached_institutions"]) for r in reach.values()
                   if r["kind"] == kind and r["type"] == typ)
        if int(t[5]) != best:
            err(tab, p, "not the worst of %s %s (%d institutions)" % (kind, typ, best))

    tab = "Hidden (nth-party) reliance"
    got = rows(lines, tab, reach)
    for t in got:
        p, r = t[0], reach[t[0]]
        check(tab, p, t[1], r["type"])
        check(tab, p, t[2], r["direct_institutions"])
        check(tab, p, t[3], r["exposed_institutions"])
        check(tab, p, t[4], r["hidden_institutions"])
        check(tab, p, t[5], r["hidden_assets_share"], 100)
        flag = t[6] if len(t) > 6 else ""
        check(tab, p, flag, "flag" if r["dora_flag"] == "1" else "")
    ranked(tab, [t[0] for t in got], list(reach.values()), reach,
           lambda r: int(r["hidden_institutions"]))

    tab = "Markets by concentration"
    idx = {}
    for r in conc:
        idx[(r["provider_kind"], r["market"], r["weighting"])] = r
    names = {k[0] for k in idx}
    for t in rows(lines, tab, names):
        kind, m = t[0], t[1]
        key = kind + " " + m
        inst = idx.get((kind, m, "institutions"))
        if inst is None:
            err(tab, key, "no such market in concentration.csv")
            continue
        check(tab, key, t[2], inst["n_active"])
        for col, w in zip(t[3:7], ("services", "institutions", "assets", "volume")):
            check(tab, key + " " + w, col, idx[(kind, m, w)]["hhi"])
        check(tab, key, t[7], inst["cr3"])
        check(tab, key, t[8], inst["top_provider"])
        check(tab, key, t[9], inst["top_share"], 100)
        check(tab, key, t[10], inst["class"])

    tab = "Single points of failure"
    i = section(lines, tab)
    if i is not None:
        head = " ".join(lines[i:i + 3]).split()
        check(tab, "services with one", head[4], str(len({r["service"] for r in spof})))
        check(tab, "providers", head[head.index("providers") - 1], str(len(n_spof)))
    got = rows(lines, tab, reach)
    for t in got:
        p = t[0]
        check(tab, p, t[1], reach[p]["type"])
        check(tab, p, t[2], str(n_spof.get(p, 0)))
        check(tab, p, t[3], str(n_nth.get(p, 0)))
        check(tab, p, t[4], str(len(spof_inst.get(p, ()))))
    ranked(tab, [t[0] for t in got], list(reach.values()), reach,
           lambda r: n_spof.get(r["provider"], 0))

    tab = "False redundancy"
    n_fr = {}
    for r in fr:
        n_fr[r["provider"]] = n_fr.get(r["provider"], 0) + 1
    i = section(lines, tab)
    if i is not None:
        check(tab, "findings", lines[i].split()[2], str(len(fr)))
    for t in rows(lines, tab, reach):
        check(tab, t[0], t[1], str(n_fr.get(t[0], 0)))
        ex = [r for r in fr if r["provider"] == t[0] and r["dependent"] == t[2]
              and r["group"] == t[3]]
        if not ex:
            err(tab, t[0], "example %s %s not in false_redundancy.csv" % (t[2], t[3]))

    tab = "Order-2 cut sets"
    cut = {(r["provider_a"], r["provider_b"]): r for r in cuts}
    i = section(lines, tab)
    if i is not None:
        check(tab, "pairs", lines[i].split()[3], str(len(cuts)))
    got = rows(lines, tab, reach)
    for k, t in enumerate(got):
        r = cut.get((t[0], t[1]))
        if r is None:
            err(tab, t[0] + " " + t[1], "pair not in cutsets.csv")
            continue
        if k < len(cuts) and cuts[k] is not r:
            err(tab, t[0] + " " + t[1], "not in the order of cutsets.csv")
        check(tab, t[0] + " " + t[1], t[2], r["services"])
        check(tab, t[0] + " " + t[1], t[3], r["institutions"])
        check(tab, t[0] + " " + t[1], t[4], r["assets_share"], 100)


# ---- run ----------------------------------------------------------------

def check_run(d):
    lines = open(os.path.join(d, "summary.txt"), encoding="utf-8").read().split("\n")
    inst = load(os.path.join(d, "institutions.csv"))
    svc = load(os.path.join(d, "services.csv"))
    src = {r["source"]: r for r in load(os.path.join(d, "sources.csv"))}

    for title, rowsrc, col, count_name in (
            ("Breaches by institution type", inst, "type", "institution"),
            ("Breaches by service category", svc, "category", "service")):
        groups = {}
        for r in rowsrc:
            groups.setdefault(r[col], []).append(r)
        for t in rows(lines, title, groups):
            g = groups[t[0]]
            s = sum(float(r["p_breach"]) for r in g)
            check(title, t[0], t[1], str(len(g)))
            check(title, t[0], t[2], repr(s))
            check(title, t[0], t[3], repr(s / len(g)), 100)

    tab = "Services most likely to breach"
    by = {r["service"]: r for r in svc}
    got = rows(lines, tab, by)
    for t in got:
        r = by[t[0]]
        if not r["category"].startswith(t[1]):
            err(tab, t[0], "category %r is not %r" % (t[1], r["category"]))
        check(tab, t[0], t[2], r["tolerance_hours"])
        check(tab, t[0], t[3], r["p_breach"])
        lo, hi = t[4].split("-")
        check(tab, t[0], lo, r["p_breach_lo"])
        check(tab, t[0], hi, r["p_breach_hi"])
        check(tab, t[0], t[5], r["mean_downtime_hours"])

    tab = "Institutions most likely to breach"
    by = {r["institution"]: r for r in inst}
    got = rows(lines, tab, by)
    for t in got:
        r = by[t[0]]
        check(tab, t[0], t[1], r["type"])
        check(tab, t[0], t[2], r["total_assets"])
        check(tab, t[0], t[3], r["p_breach"])
        lo, hi = t[4].split("-")
        check(tab, t[0], lo, r["p_breach_lo"])
        check(tab, t[0], hi, r["p_breach_hi"])
    ranked(tab, [t[0] for t in got], inst, by, lambda r: float(r["p_breach"]))

    tab = "Outage sources by Shapley share of service breaches"
    got = rows(lines, tab, src)
    for t in got:
        r = src[t[0]]
        check(tab, t[0], t[1], r["kind"])
        check(tab, t[0], t[2], r["events_per_trial"])
        check(tab, t[0], t[3], r["services_alone"])
        check(tab, t[0], t[4], r["services_necessary"])
        check(tab, t[0], t[5], r["services_shapley"])
        check(tab, t[0], t[6], r["share_of_breaches"], 100)
        check(tab, t[0], t[7], r["share_of_systemic"], 100)
    ranked(tab, [t[0] for t in got], list(src.values()), src,
           lambda r: float(r["share_of_breaches"]))


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("analyze", "run"):
        sys.stderr.write("usage: tables.py analyze|run DIR\n")
        return 2
    (check_analyze if sys.argv[1] == "analyze" else check_run)(sys.argv[2])
    for e in errors:
        print("FAIL: %s: %s" % (sys.argv[2], e))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
