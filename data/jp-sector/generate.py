#!/usr/bin/env python3
"""generate.py - the illustrative Japanese financial-sector data set.

Writes institutions.csv, services.csv, vendors.csv, cloud.csv and
dependencies.csv into the directory of this script, deterministically
(random.Random(2026); no set or hash ordering is ever used), then checks
the written files against every rule of the chokepoint data format
(chokepoint-data(5), man/chokepoint-data.5) and prints summary counts.
Standard library only.

    python3 data/jp-sector/generate.py            regenerate, check, summarise
    python3 data/jp-sector/generate.py --check    check the files on disk only

Every parameter below is explained, with its source or as an assumption,
in README.md beside this script.  Names are generic on purpose: the
structure is realistic, links between real named firms would not be.
"""

import csv
import io
import math
import os
import random
import re
import sys

SEED = 2026
OUT_DIR = os.path.dirname(os.path.abspath(__file__))
COUNTRY = "JP"

rng = random.Random(SEED)

# --------------------------------------------------------------------------
# Number formatting: fixed decimals, trailing zeros stripped, never exponent.

def num(x, nd):
    if x is None:
        return ""
    if isinstance(x, int):
        return str(x)
    s = f"{x:.{nd}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    if s in ("-0", ""):
        s = "0"
    return s


def hours(x):
    return num(x, 2)


# --------------------------------------------------------------------------
# Tables being built.

institutions = []   # dicts
services = []       # dicts
vendors = []        # dicts
cloud = []          # dicts
deps = []           # (from, to, group, min_up or None, failover or None)
inst_services = {}  # institution id -> list of service ids


def dep(frm, to, group="", min_up=None, failover=None):
    deps.append((frm, to, group, min_up, failover))


def grp(frm, label, members, k=1, failover=None):
    for m in members:
        dep(frm, m, label, k, failover)


def provider(table, pid, name, ptype, parent="", rate=0.0, median=None,
             p95=None, country=COUNTRY):
    table.append(dict(id=pid, name=name, type=ptype, parent=parent,
                      country=country, annual_outage_rate=rate,
                      outage_median_hours=median, outage_p95_hours=p95))


def weighted(choices):
    """choices: list of (value, weight); one draw from rng."""
    total = sum(w for _, w in choices)
    u = rng.random() * total
    acc = 0.0
    for v, w in choices:
        acc += w
        if u < acc:
            return v
    return choices[-1][0]


# --------------------------------------------------------------------------
# Cloud providers, regions and zones (cloud.csv).
#
# provider (global control plane): 0.05/yr, median 6 h, p95 24 h
# region:                          0.2/yr,  median 6 h, p95 16 h
# zone:                            U(0.5, 1.0)/yr, median 3 h, p95 10 h

CLOUDS = [
    # id, display letter, country of the provider, share weight of hosting
    ("cloud-a", "A", "US", 50),
    ("cloud-b", "B", "US", 25),
    ("cloud-c", "C", "US", 15),
    ("cloud-d", "D", "JP", 10),
]
REGIONS = [("tokyo", "Tokyo"), ("osaka", "Osaka")]
CLOUD_SHARE = [(c[0], c[3]) for c in CLOUDS]

for cid, letter, ctry, _share in CLOUDS:
    provider(cloud, cid, f"Cloud {letter}", "provider", "", 0.05, 6, 24, ctry)
    for rid, rname in REGIONS:
        region = f"{cid}-{rid}"
        provider(cloud, region, f"Cloud {letter} {rname} region", "region",
                 cid, 0.2, 6, 16)
        for z in (1, 2, 3):
            rate = round(rng.uniform(0.5, 1.0), 2)
            provider(cloud, f"{region}-{z}", f"Cloud {letter} {rname} zone {z}",
                     "zone", region, rate, 3, 10)


def zones(cid, region="tokyo"):
    return [f"{cid}-{region}-{z}" for z in (1, 2, 3)]


def host(frm, cid, style, failover=None):
    """Run 'frm' on cloud 'cid': az (1 of 3 Tokyo zones), zone (a single
    Tokyo zone), region (1 of Tokyo/Osaka regions)."""
    if style == "az":
        grp(frm, "az", zones(cid), 1, failover)
    elif style == "zone":
        dep(frm, rng.choice(zones(cid)), "", None, failover)
    elif style == "region":
        grp(frm, "region", [f"{cid}-tokyo", f"{cid}-osaka"], 1, failover)
    else:
        raise ValueError(style)


# --------------------------------------------------------------------------
# Outsourcing vendors (vendors.csv).

def V(pid, name, ptype, rate, median, p95, country=COUNTRY):
    provider(vendors, pid, name, ptype, "", rate, median, p95, country)


# Telecom carriers: 0.1/yr, median 4 h, p95 12 h (Tokyo network 2021 ~6 h).
# A carrier-wide outage of the leased lines banks use is rare: a few a
# decade across carriers (assumption).
V("telecom-a", "Telecom carrier A", "telecom", 0.1, 4, 12)
V("telecom-b", "Telecom carrier B", "telecom", 0.1, 4, 12)
V("telecom-c", "Telecom carrier C", "telecom", 0.1, 4, 12)

# Data-center operators: 0.1/yr, median 2 h, p95 12 h (power fault 2022).
for letter in "abcdef":
    V(f"dc-{letter}", f"Data center operator {letter.upper()}", "data_center",
      0.1, 2, 12)
grp("dc-a", "net", ["telecom-a", "telecom-b"])
grp("dc-b", "net", ["telecom-a", "telecom-c"])
dep("dc-c", "telecom-b")          # dc-c and dc-d: one carrier only (both B):
dep("dc-d", "telecom-b")          # core-center-d's two sites share it
grp("dc-e", "net", ["telecom-a", "telecom-b"])
grp("dc-f", "net", ["telecom-b", "telecom-c"])

# Endpoint security (EDR) vendors: 0.05/yr, median 12 h, p95 72 h (Jul 2024).
V("edr-a", "Endpoint security vendor A (EDR)", "security", 0.05, 12, 72, "US")
V("edr-b", "Endpoint security vendor B (EDR)", "security", 0.05, 12, 72)

# Central bank settlement network and the interbank clearing system.
V("central-bank-net", "Central bank settlement network", "settlement", 0.02, 4, 24)
grp("central-bank-net", "net", ["telecom-a", "telecom-b"])
# The whole clearing system has not failed in decades (the Oct 2023 fault
# was in newly switched relay computers): 0.02/yr is an assumption.
V("interbank-clearing", "Interbank clearing system", "clearing", 0.02, 12, 48)
dep("interbank-clearing", "central-bank-net")
grp("interbank-clearing", "net", ["telecom-a", "telecom-b"])
V("clearing-relay-a", "Clearing relay computers A (current generation)",
  "clearing", 0.02, 6, 24)
V("clearing-relay-b", "Clearing relay computers B (newly switched)",
  "clearing", 0.1, 12, 48)
dep("clearing-relay-a", "interbank-clearing")
dep("clearing-relay-b", "interbank-clearing")

# Securities market infrastructure.
V("exchange-a", "Stock exchange trading system", "exchange", 0.1, 8, 24)
grp("exchange-a", "net", ["telecom-a", "telecom-b"])
V("sec-clearing", "Securities clearing house", "clearing", 0.05, 6, 24)
dep("sec-clearing", "central-bank-net")
V("sec-settlement", "Central securities depository", "settlement",
  0.05, 6, 24)
dep("sec-settlement", "central-bank-net")

# Shared core-banking centers: 0.1-0.3/yr, median 8 h, p95 48 h.
CORE = [
    # id, name, rate
    ("core-center-a", "Shared core center A", 0.1),
    ("core-center-b", "Shared core center B", 0.1),
    ("core-center-c", "Shared core center C", 0.15),
    ("core-center-d", "Shared core center D", 0.15),
    ("core-center-e", "Shared core center E", 0.3),
    ("core-center-f", "Shared core center F (on cloud)", 0.2),
    ("core-center-g", "Shared core center G", 0.2),
    ("core-center-h", "Shared core center H (on cloud)", 0.2),
    ("core-shinkin", "Shinkin bank industry core center", 0.1),
    ("core-shinkumi", "Credit cooperative industry core center", 0.2),
    ("core-rokin", "Labour bank industry core center", 0.2),
    ("core-broker-a", "Shared securities back-office system A", 0.15),
    ("core-broker-b", "Shared securities back-office system B (on cloud)", 0.25),
]
for cid, name, rate in CORE:
    V(cid, name, "shared_core_center", rate, 8, 48)
# where each center runs (nth-party links)
dep("core-center-a", "dc-a", failover=8)            # backup center after 8 h
grp("core-center-a", "net", ["telecom-a", "telecom-b"])
grp("core-center-b", "site", ["dc-a", "dc-b"])          # active-active
grp("core-center-b", "net", ["telecom-a", "telecom-c"])
dep("core-center-c", "dc-c", failover=12)
dep("core-center-c", "edr-a")
grp("core-center-d", "site", ["dc-c", "dc-d"])      # false: both on telecom-b
dep("core-center-e", "dc-b", failover=24)              # cf. power fault 2022
dep("core-center-e", "edr-a")
dep("core-center-e", "telecom-c")
host("core-center-f", "cloud-a", "az", failover=12)  # DR to Osaka after 12 h
dep("core-center-g", "dc-d", failover=8)
dep("core-center-g", "edr-b")
host("core-center-h", "cloud-b", "az")
grp("core-shinkin", "site", ["dc-e", "dc-f"])         # east/west sites
grp("core-shinkin", "net", ["telecom-a", "telecom-b"])
dep("core-shinkumi", "dc-f", failover=12)
dep("core-shinkumi", "telecom-b")
dep("core-rokin", "dc-e", failover=12)
dep("core-rokin", "edr-a")
dep("core-broker-a", "dc-a", failover=4)
grp("core-broker-a", "net", ["telecom-a", "telecom-b"])
host("core-broker-b", "cloud-c", "az")

# Payment processors: 0.3/yr, median 2 h, p95 8 h.
V("pp-a", "Payment processor A", "payment_processor", 0.3, 2, 8)
V("pp-b", "Payment processor B", "payment_processor", 0.3, 2, 8)
V("pp-c", "Payment processor C", "payment_processor", 0.3, 2, 8)
V("pp-d", "Payment processor D", "payment_processor", 0.3, 2, 8)
host("pp-a", "cloud-a", "az")
host("pp-b", "cloud-b", "az")
dep("pp-c", "cloud-a-tokyo-2")       # pp-c and pp-d: sold as alternatives,
dep("pp-d", "cloud-a-tokyo-2")       # both in the same zone
dep("pp-c", "edr-a")

# Card networks and the card authorisation switch.
V("card-net-a", "International card network A", "card_network", 0.05, 2, 8, "US")
V("card-net-b", "International card network B", "card_network", 0.05, 2, 8, "US")
V("card-switch-a", "Card authorisation switch A", "payment_processor",
  0.1, 3, 12)
grp("card-switch-a", "site", ["dc-a", "dc-b", "dc-e"], 2)   # 2 of 3 sites
dep("card-switch-a", "edr-a")

# ATM networks: 0.2/yr, median 4 h, p95 24 h.
V("atm-convenience-a", "Convenience-store ATM network A", "atm_network",
  0.2, 4, 24)
V("atm-convenience-b", "Convenience-store ATM network B", "atm_network",
  0.2, 4, 24)
V("atm-interbank", "Interbank ATM switching network", "atm_network",
  0.1, 4, 24)
dep("atm-convenience-a", "dc-b", failover=12)
grp("atm-convenience-a", "net", ["telecom-a", "telecom-b"])
host("atm-convenience-b", "cloud-b", "az")
dep("atm-interbank", "dc-e", failover=12)

# Software / SaaS: 0.3/yr, median 3 h, p95 12 h.
V("sw-ib-a", "Internet banking platform A (SaaS)", "software", 0.3, 3, 12)
V("sw-ib-b", "Internet banking platform B (hosted)", "software", 0.3, 3, 12)
V("sw-ib-c", "Internet banking platform C (SaaS)", "software", 0.3, 3, 12)
V("sw-auth-a", "Authentication service A (SaaS)", "software", 0.3, 3, 12)
V("sms-a", "SMS one-time-password gateway A", "software", 0.3, 3, 12)
V("sms-b", "SMS one-time-password gateway B", "software", 0.3, 3, 12)
V("sw-claims-a", "Insurance claims platform A (SaaS)", "software", 0.3, 3, 12)
V("sw-custody-a", "Crypto wallet custody platform A (SaaS)", "software",
  0.3, 3, 12)
host("sw-ib-a", "cloud-a", "az")
dep("sw-ib-b", "dc-a")
dep("sw-ib-c", "cloud-a-osaka-1")
dep("sw-auth-a", "cloud-a-tokyo-1")     # a single zone, behind many services
dep("sms-a", "cloud-b-tokyo-1")         # sms-a and sms-b: sold as a redundant
dep("sms-b", "cloud-b-tokyo-1")         # pair, both in the same zone
host("sw-claims-a", "cloud-c", "az")
dep("sw-custody-a", "cloud-b-tokyo-2")

# --------------------------------------------------------------------------
# Institutions (institutions.csv).  total_assets in JPY trillion, log-normal
# within type (median, sigma, clamp), sorted so that 001 is the largest.

INST_TYPES = [
    # type, id prefix, display name, count, median, sigma, lo, hi
    ("megabank", "megabank", "Megabank", 3, 250, 0.15, 180, 330),
    ("trust_bank", "trust", "Trust bank", 13, 8, 1.0, 0.3, 80),
    ("regional_bank", "regional", "Regional bank", 62, 5, 0.6, 1.5, 25),
    ("regional_bank_2", "regional2", "Second-tier regional bank", 37,
     1.5, 0.5, 0.4, 6),
    ("shinkin", "shinkin", "Shinkin bank", 254, 0.6, 0.8, 0.05, 6),
    ("credit_coop", "coop", "Credit cooperative", 143, 0.15, 0.9, 0.01, 3),
    ("labour_bank", "labour", "Labour bank", 13, 1.0, 0.8, 0.3, 8),
    ("net_bank", "netbank", "Net bank", 8, 3, 0.6, 0.5, 20),
    ("securities", "securities", "Securities firm", 250, 0.05, 1.8, 0.001, 60),
    ("insurer", "insurer", "Insurer", 40, 2.5, 1.1, 0.05, 100),
    ("fund_transfer", "fundtransfer", "Fund transfer operator", 80,
     0.005, 1.5, 0.001, 0.5),
    ("prepaid", "prepaid", "Prepaid payment instrument issuer", 20,
     0.01, 1.2, 0.001, 0.5),
    ("crypto_exchange", "crypto", "Crypto-asset exchange", 30,
     0.02, 1.5, 0.001, 1.0),
]
DEPOSIT_TAKING = ("megabank", "trust_bank", "regional_bank", "regional_bank_2",
                  "shinkin", "credit_coop", "labour_bank", "net_bank")
MEGABANK_JA = {"a": "メガバンクA", "b": "メガバンクB", "c": "メガバンクC"}
# The log-normal cannot produce the two dominant broker groups: their
# assets are set (approximate consolidated balance sheets; an assumption).
TOP_ASSETS = {"securities": [45.0, 25.0]}
SYSTEMIC = ("megabank-a", "megabank-b", "megabank-c", "trust-001",
            "securities-001", "securities-002")

by_type = {}
for itype, prefix, dname, count, med, sigma, lo, hi in INST_TYPES:
    draws = [min(hi, max(lo, rng.lognormvariate(math.log(med), sigma)))
             for _ in range(count)]
    top = TOP_ASSETS.get(itype, [])
    draws = top + sorted(draws, reverse=True)[len(top):]  # replace largest
    lst = []
    for i, a in enumerate(draws):
        if itype == "megabank":
            letter = "abc"[i]
            iid = f"megabank-{letter}"
            name = f"Megabank {letter.upper()} ({MEGABANK_JA[letter]})"
        else:
            iid = f"{prefix}-{i + 1:03d}"
            name = f"{dname} {i + 1:03d}"
        inst = dict(id=iid, name=name, type=itype,
                    total_assets=round(a, 3), country=COUNTRY,
                    systemic=1 if iid in SYSTEMIC else 0)
        institutions.append(inst)
        inst_services[iid] = []
        lst.append(inst)
    by_type[itype] = lst

inst_by_id = {i["id"]: i for i in institutions}

# --------------------------------------------------------------------------
# Services (services.csv).  Suffixes are chosen so that the glob
# "*-payments" matches retail payments only.

SVC = {
    # key: (id suffix, category, display name)
    "payments": ("payments", "payments", "Retail payments (credit transfers)"),
    "bulk": ("bulk", "bulk_payments", "Bulk payments (salary, direct debit)"),
    "ibank": ("ibank", "internet_banking", "Internet and mobile banking"),
    "deposits": ("deposits", "deposits", "Deposits and withdrawals"),
    "atm": ("atm", "atm", "ATM cash services"),
    "cards": ("cards", "card_payments", "Card payments"),
    "trading": ("trading", "securities_trading", "Securities trading"),
    "claims": ("claims", "insurance_claims", "Insurance claims payment"),
    "custody": ("custody", "crypto_custody", "Crypto-asset custody"),
    "spot": ("spot", "crypto_trading", "Crypto-asset trading"),
    "remittance": ("remittance", "fund_transfer", "Fund transfers (remittance)"),
    "apppay": ("payments", "payments", "Code payments (payment app)"),
}


def tolerance(key, inst):
    if key in ("payments", "apppay"):
        return 2
    if key in ("bulk", "trading", "remittance", "spot"):
        return 4
    if key in ("deposits", "custody"):
        return 24
    if key in ("ibank", "atm"):
        return 12 if inst["systemic"] else rng.choice([12, 24])
    if key == "cards":
        return rng.choice([2, 4])
    if key == "claims":
        return rng.choice([48, 72])
    raise KeyError(key)


def add_services(inst, keys):
    out = {}
    for key in keys:
        suffix, cat, name = SVC[key]
        sid = f"{inst['id']}-{suffix}"
        services.append(dict(id=sid, institution=inst["id"], name=name,
                             category=cat, key=key,
                             tolerance_hours=tolerance(key, inst),
                             daily_volume=0))
        inst_services[inst["id"]].append(sid)
        out[suffix] = sid      # "apppay" is known by its suffix "payments"
    return out


# --------------------------------------------------------------------------
# Helpers for dependency patterns.

def telecom(iid, p_dual):
    """Branch/office network: dual carrier (1 of 2) or a single carrier."""
    if rng.random() < p_dual:
        pair = rng.choice([["telecom-a", "telecom-b"], ["telecom-a", "telecom-c"],
                           ["telecom-b", "telecom-c"]])
        grp(iid, "net", pair)
    else:
        dep(iid, weighted([("telecom-a", 50), ("telecom-b", 30),
                           ("telecom-c", 20)]))


def edr(iid):
    """~40 % of institutions on edr-a, ~20 % on edr-b, the rest neither."""
    u = rng.random()
    if u < 0.4:
        dep(iid, "edr-a")
    elif u < 0.6:
        dep(iid, "edr-b")


def own_systems(svc, dc, failover_default, failover_deposits):
    """Own core system in an outsourced data center, per service: the
    backup site (or, for deposits, manual processing) after a while."""
    for key, sid in svc.items():
        fo = failover_deposits if key == "deposits" else failover_default
        dep(sid, dc, failover=fo)


# 14 institutions that switched to the new relay computers.
relay_b = set()
_pool_regional = [i["id"] for i in by_type["regional_bank"]]
_pool_regional2 = [i["id"] for i in by_type["regional_bank_2"]]
_pool_trust = [i["id"] for i in by_type["trust_bank"]]
for iid in (rng.sample(_pool_regional, 9) + rng.sample(_pool_regional2, 3)
            + rng.sample(_pool_trust, 2)):
    relay_b.add(iid)
RELAY_B = sorted(relay_b)


# Each switched institution reaches the clearing system through its own new
# relay computer (clearing-relay-b-<institution>, parent clearing-relay-b), so a
# scenario can hit some of the 14 and not others (Oct 2023: 11 of 14).
for iid in RELAY_B:
    provider(vendors, f"clearing-relay-b-{iid}",
             f"New clearing relay computer of {iid}", "clearing",
             "clearing-relay-b")


def relay(iid):
    return f"clearing-relay-b-{iid}" if iid in relay_b else "clearing-relay-a"


def clearing(svc, iid):
    """Retail payments need the clearing system through the relay; bulk
    payments can work around by file transfer / tapes after 24 h."""
    if "payments" in svc:
        dep(svc["payments"], relay(iid))
    if "bulk" in svc:
        dep(svc["bulk"], relay(iid), failover=24)


core_members = {c[0]: [] for c in CORE}


def on_center(iid, center):
    dep(iid, center)
    core_members[center].append(iid)


def slots(items, plan):
    """Deal shuffled items into named slots: plan = [(name, n), ...]; the
    last slot takes the rest when its n is None."""
    items = list(items)
    rng.shuffle(items)
    out = {}
    pos = 0
    for name, n in plan:
        n = len(items) - pos if n is None else n
        for x in items[pos:pos + n]:
            out[x] = name
        pos += n
    return out


# --------------------------------------------------------------------------
# Megabanks: own systems, dual carriers, cloud-hosted apps.

MEGA_DC = {"megabank-a": "dc-a", "megabank-b": "dc-b", "megabank-c": "dc-e"}
for inst in by_type["megabank"]:
    iid = inst["id"]
    svc = add_services(inst, ["payments", "bulk", "ibank", "deposits", "atm"])
    own_systems(svc, MEGA_DC[iid], 1, 1)   # hot-standby site within 1 h
    grp(iid, "net", ["telecom-a", "telecom-b"])
    dep(iid, "edr-b" if iid == "megabank-b" else "edr-a")
    clearing(svc, iid)
    if iid in ("megabank-a", "megabank-b"):
        host(svc["ibank"], "cloud-a", "az")          # cf. Tokyo network 2021
    else:
        host(svc["ibank"], "cloud-b", "region")      # Tokyo + Osaka
    if iid == "megabank-a":
        grp(svc["ibank"], "otp", ["sms-a", "sms-b"])  # false redundancy

# Trust banks: own systems.
for inst in by_type["trust_bank"]:
    iid = inst["id"]
    keys = ["payments", "bulk", "deposits"]
    if inst["total_assets"] >= 10:
        keys.append("trading")
    svc = add_services(inst, keys)
    own_systems(svc, rng.choice(["dc-a", "dc-b", "dc-c", "dc-d", "dc-e"]), 12, 8)
    telecom(iid, 0.8)
    edr(iid)
    clearing(svc, iid)
    if "trading" in svc:
        dep(svc["trading"], "sec-clearing")
        dep(svc["trading"], "sec-settlement")

# Regional banks (first and second tier).
REG_PLAN = [("core-center-a", 13), ("core-center-b", 5), ("core-center-c", 6),
            ("core-center-d", 7), ("core-center-e", 4), ("core-center-g", 4),
            ("own", None)]
REG2_PLAN = [("core-center-e", 4), ("core-center-f", 9), ("core-center-h", 8),
             ("core-center-g", 6), ("own", None)]
reg_center = slots([i["id"] for i in by_type["regional_bank"]], REG_PLAN)
reg_center.update(slots([i["id"] for i in by_type["regional_bank_2"]],
                        REG2_PLAN))

for itype, p_dual in (("regional_bank", 0.7), ("regional_bank_2", 0.5)):
    for inst in by_type[itype]:
        iid = inst["id"]
        big = inst["total_assets"] >= (4 if itype == "regional_bank" else 2)
        keys = ["payments"] + (["bulk"] if big else []) + \
            ["ibank", "deposits", "atm"]
        svc = add_services(inst, keys)
        center = reg_center[iid]
        if center == "own":
            own_systems(svc, rng.choice(["dc-a", "dc-b", "dc-c", "dc-d", "dc-e"]),
                        12, 8)
        else:
            on_center(iid, center)
        telecom(iid, p_dual)
        edr(iid)
        clearing(svc, iid)
        u = rng.random()
        if u < 0.40:
            dep(svc["ibank"], "sw-ib-a")
        elif u < 0.60:
            dep(svc["ibank"], "sw-ib-b")
        elif u < 0.75:
            grp(svc["ibank"], "ib", ["sw-ib-a", "sw-ib-c"])  # both on Cloud A
        if rng.random() < 0.6:
            dep(svc["atm"], rng.choice(["atm-convenience-a", "atm-convenience-b"]))

# Shinkin banks: nearly all on the industry center.
shinkin_center = slots([i["id"] for i in by_type["shinkin"]],
                       [("core-center-h", 4), ("core-shinkin", None)])
for inst in by_type["shinkin"]:
    iid = inst["id"]
    keys = ["payments", "deposits"]
    if rng.random() < 0.5:
        keys.append("ibank")
    if rng.random() < 0.4:
        keys.append("atm")
    svc = add_services(inst, keys)
    on_center(iid, shinkin_center[iid])
    telecom(iid, 0.0)
    edr(iid)
    clearing(svc, iid)
    if "ibank" in svc and rng.random() < 0.3:
        dep(svc["ibank"], "sms-a")
    if "atm" in svc:
        dep(svc["atm"], "atm-interbank")

# Credit cooperatives: most on their industry center.
coop_center = slots([i["id"] for i in by_type["credit_coop"]],
                    [("core-center-g", 13), ("core-shinkumi", None)])
for inst in by_type["credit_coop"]:
    iid = inst["id"]
    keys = ["payments", "deposits"]
    if rng.random() < 0.3:
        keys.append("ibank")
    if rng.random() < 0.3:
        keys.append("atm")
    svc = add_services(inst, keys)
    on_center(iid, coop_center[iid])
    telecom(iid, 0.0)
    edr(iid)
    clearing(svc, iid)
    if "ibank" in svc and rng.random() < 0.5:
        dep(svc["ibank"], "sw-ib-b")
    if "atm" in svc:
        dep(svc["atm"], "atm-interbank")

# Labour banks: all on their industry center.
for inst in by_type["labour_bank"]:
    iid = inst["id"]
    svc = add_services(inst, ["payments", "bulk", "ibank", "deposits", "atm"])
    on_center(iid, "core-rokin")
    edr(iid)
    clearing(svc, iid)
    dep(svc["ibank"], "sw-ib-a")
    dep(svc["atm"], "atm-interbank")

# Net banks: cloud-native, one on a shared center.
NET_CLOUD = {
    "netbank-001": ("cloud-a", "region"),
    "netbank-002": ("cloud-a", "az"),
    "netbank-003": ("cloud-a", "az"),
    "netbank-004": ("cloud-b", "az"),
    "netbank-005": ("cloud-a", "az"),
    "netbank-006": ("cloud-b", "region"),
    "netbank-007": ("cloud-a", "zone"),
}
for inst in by_type["net_bank"]:
    iid = inst["id"]
    svc = add_services(inst, ["payments", "ibank", "deposits", "atm", "cards"])
    if iid in NET_CLOUD:
        host(iid, *NET_CLOUD[iid])
    else:
        on_center(iid, "core-center-e")                # cf. power fault 2022
    edr(iid)
    clearing(svc, iid)
    grp(svc["ibank"], "otp", ["sms-a", "sms-b"])       # false redundancy
    dep(svc["ibank"], "sw-auth-a")
    grp(svc["atm"], "atm", ["atm-convenience-a", "atm-convenience-b"])
    dep(svc["cards"], rng.choice(["card-net-a", "card-net-b"]))
    dep(svc["cards"], "card-switch-a")

# Securities firms: two large own-system groups, ten online brokers on cloud,
# the rest on shared back-office systems.
ONLINE_BROKERS = {
    "securities-003": ("cloud-a", "az"),        # cf. Tokyo network 2021:
    "securities-004": ("cloud-a", "az"),        # two online brokers
    "securities-005": ("cloud-a", "region"),
    "securities-006": ("cloud-b", "az"),
    "securities-007": ("cloud-a", "zone"),
    "securities-008": ("cloud-c", "az"),
    "securities-009": ("cloud-b", "zone"),
    "securities-010": ("cloud-a", "az"),
    "securities-011": ("cloud-d", "az"),
    "securities-012": ("cloud-c", "region"),
}
sec_rest = [i["id"] for i in by_type["securities"][12:]]
sec_center = slots(sec_rest, [("core-broker-a", round(len(sec_rest) * 0.65)),
                              ("core-broker-b", round(len(sec_rest) * 0.25)),
                              ("own", None)])
for inst in by_type["securities"]:
    iid = inst["id"]
    online = iid in ONLINE_BROKERS
    keys = ["trading"]
    if online or inst["systemic"] or rng.random() < 0.35:
        keys.append("ibank")
    svc = add_services(inst, keys)
    if inst["systemic"]:
        dep(iid, "dc-a" if iid == "securities-001" else "dc-b", failover=4)
        grp(iid, "net", ["telecom-a", "telecom-b"])
    elif online:
        host(iid, *ONLINE_BROKERS[iid])
        dep(svc["ibank"], "sw-auth-a")
    else:
        center = sec_center[iid]
        if center == "own":
            dep(iid, rng.choice(["dc-a", "dc-b", "dc-d"]), failover=12)
        else:
            on_center(iid, center)
        telecom(iid, 0.3)
    edr(iid)
    dep(svc["trading"], "exchange-a")
    dep(svc["trading"], "sec-clearing")
    dep(svc["trading"], "sec-settlement")

# Insurers: own systems (institution shorthand with a backup-site failover);
# bulk payments run through a megabank's bulk payment service.
for inst in by_type["insurer"]:
    iid = inst["id"]
    keys = ["claims"] + (["bulk"] if rng.random() < 0.5 else [])
    svc = add_services(inst, keys)
    dep(iid, rng.choice(["dc-a", "dc-b", "dc-c", "dc-d", "dc-e"]), failover=24)
    telecom(iid, 0.6)
    edr(iid)
    if rng.random() < 0.3:
        dep(svc["claims"], "sw-claims-a")
    if "bulk" in svc:
        dep(svc["bulk"], rng.choice(["megabank-a-bulk", "megabank-b-bulk",
                                     "megabank-c-bulk"]), failover=24)

# Fund transfer (cashless payment) operators: cloud platforms.
for inst in by_type["fund_transfer"]:
    iid = inst["id"]
    first = iid == "fundtransfer-001"
    keys = (["apppay"] if first or rng.random() < 0.4 else []) + ["remittance"]
    svc = add_services(inst, keys)
    if first:
        host(iid, "cloud-a", "az")
        dep(svc["payments"], "pp-a")
        dep(svc["payments"], "sw-auth-a")     # hidden single-zone dependency
    else:
        host(iid, weighted(CLOUD_SHARE), "az" if rng.random() < 0.6 else "zone")
        if "payments" in svc:
            u = rng.random()
            if u < 0.3:
                dep(svc["payments"], "pp-a")
            elif u < 0.5:
                dep(svc["payments"], "pp-b")
            elif u < 0.75:
                grp(svc["payments"], "pp", ["pp-c", "pp-d"])   # false
            else:
                grp(svc["payments"], "pp", ["pp-a", "pp-b"])   # true
        if rng.random() < 0.3:
            dep(svc["remittance"], "sw-auth-a")
    dep(svc["remittance"], "clearing-relay-a")
    if rng.random() < 0.3:
        dep(iid, "edr-a")

# Prepaid payment instrument issuers.
for inst in by_type["prepaid"]:
    iid = inst["id"]
    keys = ["cards"] + (["apppay"] if rng.random() < 0.4 else [])
    svc = add_services(inst, keys)
    if iid == "prepaid-001":
        host(iid, "cloud-a", "az")           # cf. Tokyo network 2021: a card co.
    else:
        host(iid, weighted(CLOUD_SHARE), "az" if rng.random() < 0.5 else "zone")
    dep(svc["cards"], "card-switch-a" if rng.random() < 0.7 else "pp-b")
    if rng.random() < 0.5:
        dep(svc["cards"], rng.choice(["card-net-a", "card-net-b"]))
    if "payments" in svc:
        dep(svc["payments"], rng.choice(["pp-a", "pp-b", "pp-c"]))
    edr(iid)

# Crypto-asset exchanges.
for inst in by_type["crypto_exchange"]:
    iid = inst["id"]
    svc = add_services(inst, ["custody", "spot"])
    host(iid, weighted([("cloud-a", 60), ("cloud-b", 30), ("cloud-c", 10)]),
         "az" if rng.random() < 0.6 else "zone")
    if rng.random() < 0.4:
        dep(svc["custody"], "sw-custody-a")
    if rng.random() < 0.5:
        grp(svc["spot"], "otp", ["sms-a", "sms-b"])
    edr(iid)

# --------------------------------------------------------------------------
# daily_volume (transactions per day; customers' sessions for internet
# banking).  See README for the scaling.

CLEARING_DAILY = 8_000_000
RETAIL_INTENSITY = {"megabank": 1.0, "trust_bank": 0.3, "regional_bank": 1.2,
                    "regional_bank_2": 1.2, "shinkin": 1.0, "credit_coop": 0.8,
                    "labour_bank": 0.8, "net_bank": 2.0}
MULT = {"bulk": 0.5, "ibank": 1.5, "deposits": 0.6, "atm": 0.8, "cards": 0.5,
        "trading": 0.2}

svc_by_inst_key = {}
for s in services:
    svc_by_inst_key[(s["institution"], s["key"])] = s

w = {i["id"]: i["total_assets"] * RETAIL_INTENSITY[i["type"]]
     for i in institutions if i["type"] in DEPOSIT_TAKING}
W = sum(w.values())
pay_vol = {iid: CLEARING_DAILY * x / W for iid, x in w.items()}


def zipf(top, rank, a=1.0):
    return top / (rank ** a)


trade_w = {}
for inst in by_type["securities"]:
    f = 10.0 if inst["id"] in ONLINE_BROKERS else 1.0
    trade_w[inst["id"]] = inst["total_assets"] * f
TW = sum(trade_w.values())
claims_W = sum(i["total_assets"] for i in by_type["insurer"])

rank = {}
for itype in ("fund_transfer", "prepaid", "crypto_exchange"):
    for r, inst in enumerate(by_type[itype], 1):
        rank[inst["id"]] = r

for s in services:
    inst = inst_by_id[s["institution"]]
    iid, key, itype = inst["id"], s["key"], inst["type"]
    if itype in DEPOSIT_TAKING:
        v = pay_vol[iid] * (1.0 if key == "payments" else MULT[key])
    elif key == "trading":
        v = 3_000_000 * trade_w[iid] / TW
    elif key == "ibank":                       # securities web portal
        v = 1.5 * 3_000_000 * trade_w[iid] / TW
    elif itype == "insurer":
        v = 50_000 * inst["total_assets"] / claims_W
        if key == "bulk":
            v *= 4
    elif itype == "fund_transfer":
        v = zipf(10_000_000 if key == "apppay" else 500_000, rank[iid], 1.1)
    elif itype == "prepaid":
        v = zipf(3_000_000 if key == "cards" else 500_000, rank[iid], 1.0)
    elif itype == "crypto_exchange":
        v = zipf(100_000 if key == "custody" else 500_000, rank[iid], 1.0)
    else:
        raise KeyError((itype, key))
    s["daily_volume"] = max(1, int(round(v)))

# --------------------------------------------------------------------------
# Endpoint fleets.  Each customer of an EDR vendor runs the vendor's agent on
# its own machines: one node per (vendor, customer), "edr-a@regional-012",
# type endpoint_fleet, whose parent is the vendor.  A vendor-wide outage
# still reaches every customer through the parent; a faulty content update
# that crashes only some customers' machines (Jul 2024) can hit the fleets
# with a hit probability.

EDR_VENDORS = ("edr-a", "edr-b")
_fleets = {}
for n, (frm, to, g, k, fo) in enumerate(deps):
    if to in EDR_VENDORS:
        fid = f"{to}@{frm}"
        if fid not in _fleets:
            _fleets[fid] = True
            provider(vendors, fid, f"{to.upper()} agents on the machines of {frm}",
                     "endpoint_fleet", to)
        deps[n] = (frm, fid, g, k, fo)

# --------------------------------------------------------------------------
# Render the CSV text.

HEADERS = {
    "institutions.csv": ["id", "name", "type", "total_assets", "systemic",
                         "country"],
    "services.csv": ["id", "institution", "name", "category", "tolerance_hours",
                     "daily_volume"],
    "vendors.csv": ["id", "name", "type", "parent", "country",
                    "annual_outage_rate", "outage_median_hours",
                    "outage_p95_hours"],
    "cloud.csv": ["id", "name", "type", "parent", "country",
                  "annual_outage_rate", "outage_median_hours",
                  "outage_p95_hours"],
    "dependencies.csv": ["from", "to", "group", "min_up", "failover_hours"],
}
FILES = list(HEADERS)


def render(rows, header):
    buf = io.StringIO()
    wr = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    wr.writerow(header)
    for r in rows:
        wr.writerow(r)
    return buf.getvalue()


def provider_rows(table):
    return [[p["id"], p["name"], p["type"], p["parent"], p["country"],
             num(p["annual_outage_rate"], 3), hours(p["outage_median_hours"]),
             hours(p["outage_p95_hours"])] for p in table]


def build_texts():
    return {
        "institutions.csv": render(
            [[i["id"], i["name"], i["type"], num(i["total_assets"], 3),
              str(i["systemic"]), i["country"]] for i in institutions],
            HEADERS["institutions.csv"]),
        "services.csv": render(
            [[s["id"], s["institution"], s["name"], s["category"],
              hours(s["tolerance_hours"]), str(s["daily_volume"])]
             for s in services], HEADERS["services.csv"]),
        "vendors.csv": render(provider_rows(vendors), HEADERS["vendors.csv"]),
        "cloud.csv": render(provider_rows(cloud), HEADERS["cloud.csv"]),
        "dependencies.csv": render(
            [[f, t, g, "" if k is None else str(k),
              "" if fo is None else hours(fo)] for f, t, g, k, fo in deps],
            HEADERS["dependencies.csv"]),
    }


# --------------------------------------------------------------------------
# Checker: works on the CSV text only (what is, or will be, on disk).

ID_RE = re.compile(r"^[A-Za-z0-9_.:@/-]{1,128}$")
NUM_RE = re.compile(r"^[0-9]+(\.[0-9]+)?$")   # plain non-negative decimal
INT_RE = re.compile(r"^[0-9]+$")
INST_TYPES_OK = {t[0] for t in INST_TYPES}
CLOUD_TYPES = ("provider", "region", "zone")


class Checker:
    def __init__(self):
        self.errors = []

    def err(self, where, msg):
        self.errors.append(f"{where}: {msg}")
        if len(self.errors) > 200:
            raise SystemExit("too many errors:\n" + "\n".join(self.errors))


def parse(texts, ck):
    tables = {}
    for fname in FILES:
        text = texts[fname]
        if "\r" in text:
            ck.err(fname, "contains CR (LF line ends expected)")
        if text.startswith("\ufeff"):
            ck.err(fname, "has a byte-order mark")
        if not text.endswith("\n"):
            ck.err(fname, "does not end with a newline")
        rows = list(csv.reader(io.StringIO(text, newline="")))
        if not rows or rows[0] != HEADERS[fname]:
            ck.err(fname, f"header {rows[:1]} != {HEADERS[fname]}")
            tables[fname] = []
            continue
        head = rows[0]
        recs = []
        for n, r in enumerate(rows[1:], 2):
            if len(r) != len(head):
                ck.err(f"{fname}:{n}", f"{len(r)} fields, expected {len(head)}")
                continue
            d = dict(zip(head, r))
            d["_where"] = f"{fname}:{n}"
            for k, v in d.items():
                if k != "_where" and v != v.strip():
                    ck.err(d["_where"], f"{k}: leading/trailing space in {v!r}")
            recs.append(d)
        tables[fname] = recs
    return tables


def check(texts, verbose=True):
    ck = Checker()
    T = parse(texts, ck)
    kind = {}        # id -> institution | service | vendor | cloud
    node = {}        # id -> record

    def number(d, col, allow_empty=False, positive=False):
        v = d[col]
        if v == "":
            if not allow_empty:
                ck.err(d["_where"], f"{col}: required number missing")
            return None
        if not NUM_RE.match(v):
            ck.err(d["_where"], f"{col}: not a plain non-negative decimal: {v!r}")
            return None
        x = float(v)
        if not math.isfinite(x) or (positive and x <= 0):
            ck.err(d["_where"], f"{col}: expected a number > 0, got {v!r}")
        return x

    for fname, k in (("institutions.csv", "institution"),
                     ("services.csv", "service"), ("vendors.csv", "vendor"),
                     ("cloud.csv", "cloud")):
        for d in T[fname]:
            i = d["id"]
            if not ID_RE.match(i):
                ck.err(d["_where"], f"id {i!r} does not match the id pattern")
            if i in kind:
                ck.err(d["_where"], f"id {i!r} already defined at "
                       f"{node[i]['_where']}")
                continue
            if d["name"] == "":
                ck.err(d["_where"], "name is empty")
            kind[i] = k
            node[i] = d

    # institutions
    for d in T["institutions.csv"]:
        if d["type"] not in INST_TYPES_OK:
            ck.err(d["_where"], f"unknown institution type {d['type']!r}")
        number(d, "total_assets")
        if d["systemic"] not in ("0", "1"):
            ck.err(d["_where"], f"systemic must be 0/1, got {d['systemic']!r}")
        if not re.match(r"^[A-Z]{2}$", d["country"]):
            ck.err(d["_where"], f"country {d['country']!r} not alpha-2")

    # services
    svcs_of = {}
    for d in T["services.csv"]:
        if kind.get(d["institution"]) != "institution":
            ck.err(d["_where"], f"institution {d['institution']!r} unknown")
        svcs_of.setdefault(d["institution"], []).append(d["id"])
        if d["category"] == "":
            ck.err(d["_where"], "category is empty")
        number(d, "tolerance_hours", positive=True)
        if not INT_RE.match(d["daily_volume"]):
            ck.err(d["_where"], f"daily_volume not an integer: {d['daily_volume']!r}")
    for d in T["institutions.csv"]:
        n = len(svcs_of.get(d["id"], []))
        if not 1 <= n <= 5:
            ck.err(d["_where"], f"institution has {n} services (1-5 expected)")

    # providers
    parent = {}
    for fname in ("vendors.csv", "cloud.csv"):
        for d in T[fname]:
            if fname == "cloud.csv" and d["type"] not in CLOUD_TYPES:
                ck.err(d["_where"], f"cloud type {d['type']!r} not one of "
                       f"{CLOUD_TYPES}")
            if d["type"] == "":
                ck.err(d["_where"], "type is empty")
            if d["country"] and not re.match(r"^[A-Z]{2}$", d["country"]):
                ck.err(d["_where"], f"country {d['country']!r} not alpha-2")
            rate = number(d, "annual_outage_rate", allow_empty=True)
            med = number(d, "outage_median_hours", allow_empty=True)
            p95 = number(d, "outage_p95_hours", allow_empty=True)
            if rate and rate > 0:
                if med is None or med <= 0:
                    ck.err(d["_where"], "rate > 0 needs outage_median_hours > 0")
                if p95 is None or (med is not None and p95 < med):
                    ck.err(d["_where"], "rate > 0 needs outage_p95_hours >= median")
            if d["parent"]:
                if kind.get(d["parent"]) not in ("vendor", "cloud"):
                    ck.err(d["_where"], f"parent {d['parent']!r} is not a provider")
                else:
                    parent[d["id"]] = d["parent"]
    for d in T["cloud.csv"]:
        p = parent.get(d["id"])
        want = {"zone": "region", "region": "provider", "provider": None}[
            d["type"]] if d["type"] in CLOUD_TYPES else None
        if want is None and p:
            ck.err(d["_where"], "a cloud provider has no parent")
        if want and (p is None or node[p]["type"] != want):
            ck.err(d["_where"], f"a {d['type']}'s parent must be a {want}")
    for start in parent:
        seen, v = [], start
        while v in parent:
            if v in seen:
                ck.err(node[start]["_where"], f"parent cycle {seen}")
                break
            seen.append(v)
            v = parent[v]

    # dependencies
    raw = set()
    groups = {}      # (expanded from, label) -> list of (min_up, to, shorthand)
    edges = {}       # expanded from -> list of to
    expanded = set()
    n_exp = 0
    for d in T["dependencies.csv"]:
        f, t, g, k, fo = d["from"], d["to"], d["group"], d["min_up"], \
            d["failover_hours"]
        kf, kt = kind.get(f), kind.get(t)
        if kf is None:
            ck.err(d["_where"], f"from: unknown id {f!r}")
            continue
        if kt is None:
            ck.err(d["_where"], f"to: unknown id {t!r}")
            continue
        if kt == "institution":
            ck.err(d["_where"], f"to: {t!r} is an institution")
            continue
        if f == t:
            ck.err(d["_where"], f"self-dependency {f!r}")
        if g and not ID_RE.match(g):
            ck.err(d["_where"], f"group label {g!r} is odd")
        if (f, t, g) in raw:
            ck.err(d["_where"], f"duplicate (from, to, group) {(f, t, g)}")
        raw.add((f, t, g))
        if parent.get(f) == t:
            ck.err(d["_where"], f"repeats the parent relation {f} -> {t}")
        if k != "":
            if not INT_RE.match(k):
                ck.err(d["_where"], f"min_up not an integer: {k!r}")
                continue
            k = int(k)
        else:
            k = None
        if not g and k not in (None, 1):
            ck.err(d["_where"], "ungrouped edge with min_up != 1")
        if fo != "":
            number(d, "failover_hours")
        froms = svcs_of.get(f, []) if kf == "institution" else [f]
        if kf == "institution" and t in froms:
            ck.err(d["_where"], f"institution {f!r} depends on its own service")
        for s in froms:
            n_exp += 1
            if (s, t, g) in expanded:
                ck.err(d["_where"], f"duplicate after expansion {(s, t, g)}")
            expanded.add((s, t, g))
            edges.setdefault(s, []).append(t)
            if g:
                groups.setdefault((s, g), []).append(
                    (k if k is not None else 1, t, kf == "institution",
                     d["_where"]))
    for (s, g), members in groups.items():
        ks = {m[0] for m in members}
        if len(ks) != 1:
            ck.err(members[0][3], f"group {g!r} of {s!r}: min_up differs {ks}")
        k = min(ks)
        if not 1 <= k <= len(members):
            ck.err(members[0][3], f"group {g!r} of {s!r}: min_up {k} not in "
                   f"1..{len(members)}")
        if len({m[2] for m in members}) != 1:
            ck.err(members[0][3], f"group {g!r} of {s!r} mixes institution "
                   "shorthand and service rows")
    for c, p in parent.items():
        edges.setdefault(c, []).append(p)

    # acyclicity (iterative DFS, ids in sorted order)
    state = {}
    for root in sorted(edges):
        if state.get(root):
            continue
        stack = [(root, iter(edges.get(root, ())))]
        state[root] = 1
        while stack:
            v, it = stack[-1]
            for u in it:
                if state.get(u) == 1:
                    ck.err("dependencies.csv", f"cycle through {v} -> {u}")
                elif not state.get(u):
                    state[u] = 1
                    stack.append((u, iter(edges.get(u, ()))))
                    break
            else:
                state[v] = 2
                stack.pop()

    if ck.errors:
        sys.stderr.write("generate.py: CHECK FAILED\n")
        for e in ck.errors:
            sys.stderr.write(f"  {e}\n")
        raise SystemExit(1)
    if verbose:
        summary(T, kind, node, edges, parent, groups, n_exp)


def summary(T, kind, node, edges, parent, groups, n_exp):
    def count(rows, col):
        c = {}
        for r in rows:
            c[r[col]] = c.get(r[col], 0) + 1
        return sorted(c.items(), key=lambda x: (-x[1], x[0]))

    inst_of = {d["id"]: d["institution"] for d in T["services.csv"]}
    print(f"institutions: {len(T['institutions.csv'])}")
    for t, n in count(T["institutions.csv"], "type"):
        print(f"  {t:18s} {n}")
    print(f"systemic: {sum(d['systemic'] == '1' for d in T['institutions.csv'])}")
    print(f"services: {len(T['services.csv'])}")
    for t, n in count(T["services.csv"], "category"):
        print(f"  {t:18s} {n}")
    prov = T["vendors.csv"] + T["cloud.csv"]
    print(f"providers: {len(prov)} (vendors {len(T['vendors.csv'])}, cloud "
          f"{len(T['cloud.csv'])})")
    for t, n in count(prov, "type"):
        print(f"  {t:18s} {n}")
    nd = len(T["dependencies.csv"])
    nsh = sum(kind[d["from"]] == "institution" for d in T["dependencies.csv"])
    print(f"dependency rows: {nd} (institution shorthand {nsh}); edges after "
          f"expansion {n_exp}, plus {len(parent)} parent edges")
    labels = {}
    for (s, g), m in groups.items():
        key = (g, len(m), m[0][0])
        labels[key] = labels.get(key, 0) + 1
    print("redundancy groups (label, size, min_up: dependents):")
    for (g, n, k), c in sorted(labels.items()):
        print(f"  {g:8s} {k} of {n}: {c}")

    # reach: dependents of each provider, direct and transitive
    rev = {}
    for v, outs in edges.items():
        for u in outs:
            rev.setdefault(u, []).append(v)
    total_assets = sum(float(d["total_assets"]) for d in T["institutions.csv"])
    assets = {d["id"]: float(d["total_assets"]) for d in T["institutions.csv"]}
    print("reach per provider (direct inst / transitive inst / transitive "
          "services / asset share %):")
    rows = []
    for p in prov:
        pid = p["id"]
        direct = {inst_of[v] for v in rev.get(pid, ()) if v in inst_of}
        seen = {pid}
        todo = [pid]
        while todo:
            x = todo.pop()
            for y in rev.get(x, ()):
                if y not in seen:
                    seen.add(y)
                    todo.append(y)
        svc = [v for v in seen if v in inst_of]
        insts = {inst_of[v] for v in svc}
        share = 100.0 * sum(assets[i] for i in insts) / total_assets
        rows.append((pid, p["type"], len(direct), len(insts), len(svc), share))
    for r in sorted(rows, key=lambda r: (-r[3], r[0])):
        print(f"  {r[0]:20s} {r[1]:18s} {r[2]:4d} {r[3]:4d} {r[4]:5d} "
              f"{r[5]:6.1f}")


# --------------------------------------------------------------------------

def main(argv):
    if len(argv) > 1 and argv[1] == "--check":
        texts = {}
        for fname in FILES:
            with open(os.path.join(OUT_DIR, fname), encoding="utf-8",
                      newline="") as f:
                texts[fname] = f.read()
        check(texts)
        print("check: OK")
        return 0
    if len(argv) > 1:
        sys.stderr.write("usage: generate.py [--check]\n")
        return 64
    texts = build_texts()
    check(texts, verbose=False)          # never write a data set that fails
    for fname in FILES:
        path = os.path.join(OUT_DIR, fname)
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            f.write(texts[fname])
        os.replace(tmp, path)
    # re-read what is on disk and check that
    disk = {}
    for fname in FILES:
        with open(os.path.join(OUT_DIR, fname), encoding="utf-8",
                  newline="") as f:
            disk[fname] = f.read()
    if disk != texts:
        sys.stderr.write("generate.py: files on disk differ from the output\n")
        return 1
    check(disk)
    print("relay-b institutions (switched relay computers): "
          + " ".join(RELAY_B))
    for c, members in core_members.items():
        print(f"{c}: {len(members)} members")
    print("check: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
