/*
 * presets.c - the generator's preset tables (presets.h).
 *
 * Every figure in the tables below is an illustrative assumption in the
 * spirit of data/jp-sector/README.md, not a measurement.
 */
#include "config.h"

#include <string.h>

#include "gen/presets.h"

/* Needs shorthand: a vendor, a redundant vendor pair, cloud hosting, a bank. */
#define V(t, p) { NEED_VENDOR, t, p, 0, NULL, 0 }
#define VF(t, p, fo) { NEED_VENDOR, t, p, 0, NULL, fo }
#define V2(t, p, pd, lab) { NEED_VENDOR, t, p, pd, lab, 0 }
#define HOST(p) { NEED_CLOUD, "cloud", p, 0, NULL, 0 }
#define BANK(k, p, fo) { NEED_BANK, k, p, 0, NULL, fo }

/* Shared by both presets: tolerances after data/jp-sector/README.md. */
static const struct category cats_common[] = {
	{ "payments", "payments", "payments", "Retail payments (credit transfers)",
	  2, 0, 0, 8000, { V("clearing", 1), V2("payment_processor", 0.2, 0.5, "pp"),
	                   V("software", 0.3) } },
	{ "bulk", "bulk", "bulk_payments", "Bulk payments (salary, direct debit)",
	  4, 0, 0, 3000, { VF("clearing", 1, 24), V("software", 0.3) } },
	{ "ibank", "ibank", "internet_banking", "Internet and mobile banking",
	  24, 12, 12, 12000, { V2("software", 0.8, 0.2, "ib"), V2("software", 0.3, 0.8, "otp"),
	                       HOST(0.2) } },
	{ "deposits", "deposits", "deposits", "Deposits and withdrawals",
	  24, 0, 0, 5000, { V("software", 0.2) } },
	{ "atm", "atm", "atm", "ATM cash services",
	  24, 12, 12, 6000, { V2("atm_network", 0.7, 0.2, "atm") } },
	{ "cards", "cards", "card_payments", "Card payments",
	  2, 4, 2, 4000, { V("card_network", 1), V("payment_processor", 0.7) } },
	{ "lending", "lending", "lending", "Loan origination and servicing",
	  72, 48, 48, 500, { V("software", 0.7), HOST(0.2) } },
	{ "trading", "trading", "securities_trading", "Securities trading",
	  4, 0, 0, 10000, { V("exchange", 1), V("securities_clearing", 1),
	                    V("securities_settlement", 1), V("software", 0.4) } },
	{ "safekeeping", "safekeeping", "securities_custody", "Client asset safekeeping",
	  24, 0, 0, 1000, { V("securities_settlement", 1), V("software", 0.5) } },
	{ "claims", "claims", "insurance_claims", "Insurance claims payment",
	  72, 48, 48, 200, { V("software", 0.4), BANK("bulk", 0.3, 24) } },
	{ "policy", "policy", "insurance_policy", "Policy administration",
	  72, 0, 48, 500, { V("software", 0.8), HOST(0.3) } },
	{ "fund_dealing", "dealing", "fund_dealing", "Fund subscriptions and redemptions",
	  24, 0, 0, 2000, { V("software", 0.6), V("securities_settlement", 0.6),
	                    BANK("payments", 0.4, 24) } },
	{ "valuation", "nav", "fund_valuation", "Fund valuation (NAV)",
	  24, 48, 24, 100, { V("data_provider", 1), V("software", 0.4) } },
	{ "benefits", "benefits", "pension_payments", "Pension benefit payments",
	  48, 72, 48, 1000, { V("clearing", 1), V("software", 0.5) } },
	{ "custody", "custody", "crypto_custody", "Crypto-asset custody",
	  24, 0, 0, 20000, { V("software", 0.5) } },
	{ "spot", "spot", "crypto_trading", "Crypto-asset trading",
	  4, 0, 0, 100000, { V2("software", 0.6, 1.0, "otp") } },
	{ "remittance", "remittance", "fund_transfer", "Fund transfers (remittance)",
	  4, 0, 0, 50000, { V("clearing", 1), V("software", 0.3), BANK("payments", 0.3, 0) } },
	{ "apppay", "payments", "payments", "Code payments (payment app)",
	  2, 0, 0, 500000, { V2("payment_processor", 0.9, 0.4, "pp"), V("software", 0.3) } },
};

/* ---- jp: after data/jp-sector (JPY trillion) ---- */

static const struct itype jp_itypes[] = {
	{ "megabank", "megabank", "Megabank", 3, 250, 0.15, 180, 330, 3, 1,
	  "shared_core_center", -1, 0, 0, 1, 1, 1, 1, 0,
	  { { "payments", 1 }, { "bulk", 1 }, { "ibank", 1 }, { "deposits", 1 },
	    { "atm", 1 } } },
	{ "trust_bank", "trust", "Trust bank", 13, 8, 1.0, 0.3, 80, 1, 1,
	  "shared_core_center", -1, 0, 0, 12, 0.8, 1, 0.6, 0,
	  { { "payments", 1 }, { "bulk", 1 }, { "deposits", 1 }, { "trading", 0.3 } } },
	{ "regional_bank", "regional", "Regional bank", 62, 5, 0.6, 1.5, 25, 0, 1,
	  "shared_core_center", -1, 0.63, 0, 12, 0.7, 1, 0.6, 0,
	  { { "payments", 1 }, { "bulk", 0.6 }, { "ibank", 1 }, { "deposits", 1 },
	    { "atm", 1 } } },
	{ "regional_bank_2", "regional2", "Second-tier regional bank", 37, 1.5, 0.5, 0.4, 6,
	  0, 1, "shared_core_center", -1, 0.73, 0, 12, 0.5, 1, 0.6, 0,
	  { { "payments", 1 }, { "bulk", 0.4 }, { "ibank", 1 }, { "deposits", 1 },
	    { "atm", 1 } } },
	{ "shinkin", "shinkin", "Shinkin bank", 254, 0.6, 0.8, 0.05, 6, 0, 1,
	  "industry_core_center", 0, 1, 0, 12, 0, 1, 0.6, 0,
	  { { "payments", 1 }, { "deposits", 1 }, { "ibank", 0.5 }, { "atm", 0.4 } } },
	{ "credit_coop", "coop", "Credit cooperative", 143, 0.15, 0.9, 0.01, 3, 0, 1,
	  "industry_core_center", 1, 1, 0, 12, 0, 1, 0.6, 0,
	  { { "payments", 1 }, { "deposits", 1 }, { "ibank", 0.3 }, { "atm", 0.3 } } },
	{ "labour_bank", "labour", "Labour bank", 13, 1.0, 0.8, 0.3, 8, 0, 1,
	  "industry_core_center", 2, 1, 0, 12, 0, 0, 0.6, 0,
	  { { "payments", 1 }, { "bulk", 1 }, { "ibank", 1 }, { "deposits", 1 },
	    { "atm", 1 } } },
	{ "net_bank", "netbank", "Net bank", 8, 3, 0.6, 0.5, 20, 0, 1,
	  "shared_core_center", -1, 0.125, 0.875, 12, 0, 0, 0.6, 0,
	  { { "payments", 1 }, { "ibank", 1 }, { "deposits", 1 }, { "atm", 1 },
	    { "cards", 1 } } },
	{ "securities", "securities", "Securities firm", 250, 0.05, 1.8, 0.001, 60, 2, 0,
	  "securities_back_office", -1, 0.85, 0.05, 12, 0.3, 1, 0.6, 0,
	  { { "trading", 1 }, { "ibank", 0.35 } } },
	{ "insurer", "insurer", "Insurer", 40, 2.5, 1.1, 0.05, 100, 0, 0,
	  "shared_core_center", -1, 0, 0, 24, 0.6, 1, 0.6, 0,
	  { { "claims", 1 }, { "bulk", 0.5 } } },
	{ "fund_transfer", "fundtransfer", "Fund transfer operator", 80, 0.005, 1.5, 0.001,
	  0.5, 0, 0, "shared_core_center", -1, 0, 1, 0, 0, 0, 0.3, 0,
	  { { "remittance", 1 }, { "apppay", 0.4 } } },
	{ "prepaid", "prepaid", "Prepaid payment instrument issuer", 20, 0.01, 1.2, 0.001,
	  0.5, 0, 0, "shared_core_center", -1, 0, 1, 0, 0, 0, 0.6, 0,
	  { { "cards", 1 }, { "apppay", 0.4 } } },
	{ "crypto_exchange", "crypto", "Crypto-asset exchange", 30, 0.02, 1.5, 0.001, 1.0,
	  0, 0, "shared_core_center", -1, 0, 1, 0, 0, 0, 0.6, 0,
	  { { "custody", 1 }, { "spot", 1 } } },
};

static const struct vtype jp_vtypes[] = {
	/* type, prefix, name, count, alpha, rate lo-hi, median, p95, country,
	 * cloud, dc, dc pair, dc failover, net pair, net, edr, software,
	 * upstream, p */
	{ "telecom", "telecom", "Telecom carrier", 3, 0.8, 0.1, 0.1, 4, 12, NULL,
	  0, 0, 0, 0, 0, 0, 0, 0, NULL, 0 },
	{ "data_center", "dc", "Data center operator", 6, 0.6, 0.1, 0.1, 2, 12, NULL,
	  0, 0, 0, 0, 0.7, 1, 0, 0, NULL, 0 },
	{ "security", "edr", "Endpoint security vendor", 2, 1.0, 0.05, 0.05, 12, 72, NULL,
	  0, 0, 0, 0, 0, 0, 0, 0, NULL, 0 },
	{ "software", "sw", "Software and SaaS vendor", 8, 0.8, 0.3, 0.3, 3, 12, NULL,
	  0.7, 0.3, 0, 0, 0, 0, 0.3, 0, NULL, 0 },
	{ "settlement", "settlement", "Central bank settlement network", 1, 1, 0.02, 0.02,
	  4, 24, NULL, 0, 0, 0, 0, 1, 1, 0, 0, NULL, 0 },
	{ "clearing", "clearing", "Interbank clearing system", 1, 1, 0.02, 0.02, 12, 48,
	  NULL, 0, 0, 0, 0, 1, 1, 0, 0, "settlement", 1 },
	{ "securities_settlement", "csd", "Central securities depository", 1, 1, 0.05, 0.05,
	  6, 24, NULL, 0, 0, 0, 0, 1, 1, 0, 0, "settlement", 1 },
	{ "securities_clearing", "ccp", "Securities clearing house", 1, 1, 0.05, 0.05,
	  6, 24, NULL, 0, 0, 0, 0, 1, 1, 0, 0, "settlement", 1 },
	{ "exchange", "exchange", "Stock exchange trading system", 1, 1, 0.1, 0.1, 8, 24,
	  NULL, 0, 0, 0, 0, 1, 1, 0, 0, NULL, 0 },
	{ "data_provider", "mktdata", "Market data provider", 2, 1.0, 0.1, 0.1, 2, 8, "US",
	  0.5, 0.5, 0, 0, 0.5, 1, 0, 0, NULL, 0 },
	{ "card_network", "cardnet", "Card network", 2, 1.0, 0.05, 0.05, 2, 8, "US",
	  0, 0, 0, 0, 0, 0, 0, 0, NULL, 0 },
	{ "payment_processor", "pp", "Payment processor", 5, 0.8, 0.1, 0.3, 2, 8, NULL,
	  0.6, 0.4, 0.3, 0, 0, 0, 0.3, 0.3, "card_network", 0.3 },
	{ "shared_core_center", "core", "Shared core-banking center", 8, 0.5, 0.1, 0.3, 8, 48,
	  NULL, 0.25, 0.75, 0.2, 8, 0.6, 1, 0.5, 0.2, NULL, 0 },
	{ "industry_core_center", "coreind", "Industry core-banking center", 3, 1.0, 0.1,
	  0.2, 8, 48, NULL, 0, 1, 0.6, 12, 0.6, 1, 0.5, 0, NULL, 0 },
	{ "securities_back_office", "coresec", "Shared securities back-office system", 2, 1.0,
	  0.15, 0.25, 8, 48, NULL, 0.5, 0.5, 0, 4, 0.6, 1, 0, 0, NULL, 0 },
	{ "atm_network", "atmnet", "ATM network", 3, 0.5, 0.1, 0.2, 4, 24, NULL,
	  0.3, 0.7, 0, 12, 0.5, 1, 0, 0, NULL, 0 },
};

static const char *const jp_cloud_country[] = { "US", "US", "US", "JP" };
static const int jp_n_regions[] = { 2, 2, 2, 2 };
static const char *const jp_region_id[] = { "tokyo", "osaka" };
static const char *const jp_region_name[] = { "Tokyo", "Osaka" };

/* The Zengin relay layer, ids, names and outage figures as in
 * data/jp-sector (README.md there): 14 institutions switched relay
 * equipment in Oct 2023, so models/zengin-relay-switch.ini (targets
 * zengin-relay-b-*) runs on generated jp.  From scale 1.5 the clearing
 * type has a second member (clearing-002), which services use directly:
 * the relays front the leader only. */
static const struct relay_layer jp_relay = {
	"clearing",
	{ "zengin", "Interbank clearing system", 0.02, 12, 48 },
	{ "zengin-relay-a", "Clearing relay computers A (current generation)", 0.02, 6, 24 },
	{ "zengin-relay-b", "Clearing relay computers B (newly switched)", 0.1, 12, 48 },
	"New clearing relay computer of",
	{ { "regional_bank", 9 }, { "regional_bank_2", 3 }, { "trust_bank", 2 } },
};

/* The core-banking centers of data/jp-sector (generate.py's CORE), ids and
 * names, lettered A to H by market share: core-ntt-joint, the leader, for
 * models/ransomware-core-center.ini, core-stella (E) for
 * models/shared-center-power.ini.  The industry centers follow the
 * institution types' core_index (shinkin 0, credit coop 1, labour bank 2);
 * data/jp-sector's back offices core-broker-a/b are the securities type's.
 * Outage rates and hosting stay drawn, so generate.py's "on cloud" is left
 * out of the names of F, H and back office B. */
static const struct named_vendors jp_named[] = {
	{ "shared_core_center",
	  { { "core-ntt-joint", "Shared core center A (regional bank joint center)" },
	    { "core-mejar", "Shared core center B (MEJAR-like)" },
	    { "core-chance", "Shared core center C (Chance-like)" },
	    { "core-jyudankai", "Shared core center D (Jyudankai-like)" },
	    { "core-stella", "Shared core center E (STELLA CUBE-like)" },
	    { "core-bestacloud", "Shared core center F (BeSTAcloud-like)" },
	    { "core-nextbase", "Shared core center G (NEXTBASE-like)" },
	    { "core-flight21", "Shared core center H (Flight21-like)" } } },
	{ "industry_core_center",
	  { { "core-shinkin", "Shinkin bank industry core center" },
	    { "core-shinkumi", "Credit cooperative industry core center" },
	    { "core-rokin", "Labour bank industry core center" } } },
	{ "securities_back_office",
	  { { "core-broker-a", "Shared securities back-office system A" },
	    { "core-broker-b", "Shared securities back-office system B" } } },
	{ NULL, { { NULL, NULL } } }
};

/* data/jp-sector gives fundtransfer-001, the largest cashless payment
 * operator, app payments (models/cashless-credential-stuffing.ini). */
static const struct top_service jp_top[] = {
	{ "fund_transfer", "apppay" },
	{ NULL, NULL }
};

/* ---- eu: an EU-wide register of information (EUR billion) ---- */

static const struct itype eu_itypes[] = {
	{ "credit_institution", "bank", "Credit institution", 5200, 0.8, 1.9, 0.005, 2500,
	  180, 1, "shared_core_center", -1, 0.45, 0.1, 12, 0.6, 1, 0.7, 0.4,
	  { { "payments", 1 }, { "deposits", 1 }, { "ibank", 0.95 }, { "bulk", 0.8 },
	    { "lending", 0.7 }, { "cards", 0.6 }, { "atm", 0.6 } } },
	{ "investment_firm", "invest", "Investment firm", 3600, 0.02, 2.0, 0.001, 500, 10, 0,
	  "securities_back_office", -1, 0.4, 0.3, 12, 0.3, 1, 0.6, 0.4,
	  { { "trading", 1 }, { "ibank", 0.6 }, { "safekeeping", 0.5 } } },
	{ "insurer", "insurer", "Insurance undertaking", 2600, 0.5, 1.8, 0.001, 1000, 20, 0,
	  "shared_core_center", -1, 0, 0.3, 24, 0.5, 1, 0.6, 0.5,
	  { { "claims", 1 }, { "policy", 1 }, { "bulk", 0.4 } } },
	{ "payment_institution", "pi", "Payment institution", 2400, 0.005, 1.5, 0.001, 20,
	  0, 0, "shared_core_center", -1, 0, 0.8, 8, 0, 0.5, 0.5, 0.3,
	  { { "apppay", 1 }, { "remittance", 0.6 }, { "cards", 0.3 } } },
	{ "e_money_institution", "emi", "E-money institution", 500, 0.01, 1.5, 0.001, 20, 0, 0,
	  "shared_core_center", -1, 0, 0.8, 8, 0, 0.5, 0.5, 0.3,
	  { { "apppay", 1 }, { "cards", 0.7 } } },
	{ "fund_manager", "fund", "Fund management company", 3700, 0.1, 1.6, 0.001, 300, 0, 0,
	  "securities_back_office", -1, 0.3, 0.3, 24, 0.2, 1, 0.5, 0.6,
	  { { "fund_dealing", 1 }, { "valuation", 1 } } },
	{ "crypto_asset_service_provider", "casp", "Crypto-asset service provider", 700,
	  0.005, 1.5, 0.001, 10, 0, 0, "shared_core_center", -1, 0, 0.9, 0, 0, 0.3, 0.6, 0.2,
	  { { "custody", 1 }, { "spot", 1 } } },
	{ "pension_fund", "iorp", "Institution for occupational retirement provision", 1300,
	  0.5, 1.8, 0.001, 500, 0, 0, "securities_back_office", -1, 0.2, 0.2, 48, 0.2, 1, 0.4,
	  0.6, { { "benefits", 1 }, { "valuation", 0.7 } } },
};

static const struct vtype eu_vtypes[] = {
	{ "telecom", "telecom", "Telecom carrier", 120, 1.0, 0.05, 0.15, 4, 12, NULL,
	  0, 0, 0, 0, 0, 0, 0, 0, NULL, 0 },
	{ "data_center", "dc", "Data center operator", 700, 0.9, 0.05, 0.15, 2, 12, NULL,
	  0, 0, 0, 0, 0.7, 1, 0, 0, NULL, 0 },
	{ "security", "edr", "Endpoint security vendor", 40, 1.3, 0.03, 0.08, 12, 72, NULL,
	  0.6, 0, 0, 0, 0, 0, 0, 0, NULL, 0 },
	{ "software", "sw", "Software and SaaS vendor", 7000, 1.1, 0.1, 0.4, 3, 12, NULL,
	  0.65, 0.35, 0.1, 0, 0.3, 0.6, 0.3, 0, NULL, 0 },
	{ "settlement", "rtgs", "Real-time gross settlement system", 3, 2.5, 0.01, 0.02,
	  4, 24, NULL, 0, 1, 1, 2, 1, 1, 0, 0, NULL, 0 },
	{ "clearing", "ach", "Payment clearing house", 25, 1.4, 0.02, 0.05, 6, 24, NULL,
	  0, 1, 0.5, 4, 1, 1, 0.5, 0.5, "settlement", 1 },
	{ "securities_settlement", "csd", "Central securities depository", 30, 1.3, 0.02,
	  0.05, 6, 24, NULL, 0, 1, 0.5, 4, 1, 1, 0.5, 0.5, "settlement", 1 },
	{ "securities_clearing", "ccp", "Central counterparty", 15, 1.3, 0.02, 0.05, 6, 24,
	  NULL, 0, 1, 0.5, 4, 1, 1, 0.5, 0.5, "settlement", 1 },
	{ "exchange", "venue", "Trading venue", 120, 1.2, 0.05, 0.15, 4, 24, NULL,
	  0.2, 0.8, 0.3, 4, 1, 1, 0.5, 0.5, "securities_clearing", 0.8 },
	{ "data_provider", "mktdata", "Market data provider", 300, 1.3, 0.05, 0.2, 2, 8, NULL,
	  0.6, 0.4, 0, 0, 0.5, 1, 0.3, 1, NULL, 0 },
	{ "card_network", "cardnet", "Card network", 6, 1.5, 0.02, 0.05, 2, 8, "US",
	  0, 1, 1, 1, 1, 1, 0, 0, NULL, 0 },
	{ "payment_processor", "pp", "Payment processor", 1500, 1.1, 0.1, 0.3, 2, 8, NULL,
	  0.6, 0.4, 0.2, 4, 0.5, 1, 0.4, 1, "card_network", 0.5 },
	{ "shared_core_center", "core", "Shared core-banking center", 300, 1.1, 0.05, 0.2,
	  8, 48, NULL, 0.3, 0.7, 0.4, 12, 0.7, 1, 0.6, 1, NULL, 0 },
	{ "securities_back_office", "coresec", "Securities and fund back-office provider", 200,
	  1.1, 0.05, 0.2, 8, 48, NULL, 0.5, 0.5, 0.2, 8, 0.5, 1, 0.5, 1, NULL, 0 },
	{ "atm_network", "atmnet", "ATM network", 150, 1.0, 0.1, 0.2, 4, 24, NULL,
	  0.3, 0.7, 0, 12, 0.5, 1, 0.3, 0.5, "clearing", 0.5 },
	{ "it_outsourcing", "msp", "IT outsourcing and managed services", 4500, 1.0, 0.1,
	  0.3, 4, 24, NULL, 0.5, 0.5, 0.1, 8, 0.4, 1, 0.5, 1.5, NULL, 0 },
};

static const struct country_weight eu_countries[] = {
	{ "DE", 20 }, { "FR", 12 }, { "IT", 10 }, { "ES", 8 }, { "NL", 6 }, { "PL", 6 },
	{ "AT", 5 }, { "LU", 5 }, { "BE", 4 }, { "SE", 4 }, { "IE", 4 }, { "PT", 3 },
	{ "DK", 3 }, { "FI", 2 }, { "CZ", 2 }, { "GR", 2 }, { "HU", 2 }, { "RO", 2 },
	{ "SK", 1 }, { "SI", 1 }, { "BG", 1 }, { "HR", 1 }, { "LT", 1 }, { "LV", 1 },
	{ "EE", 1 }, { "CY", 1 }, { "MT", 1 }, { NULL, 0 }
};

/* A register of information lists several ICT providers per function: an
 * application vendor, an outsourcer running it, a data center. */
static const struct need eu_svc_extra[] = {
	V("software", 0.8), V("it_outsourcing", 0.5), VF("data_center", 0.25, 12),
	{ NEED_VENDOR, NULL, 0, 0, NULL, 0 }
};

static const char *const eu_cloud_country[] = { "US", "US", "US", "US", "CN", "DE",
	                                         "FR", "IT" };
static const int eu_n_regions[] = { 14, 12, 10, 8, 4, 4, 4, 3 };
static const char *const eu_region_id[] = { "fra", "dub", "ams", "par", "mil", "mad",
	"sto", "war", "zrh", "vie", "bru", "cph", "hel", "lis", "ath", "buc" };
static const char *const eu_region_name[] = { "Frankfurt", "Dublin", "Amsterdam", "Paris",
	"Milan", "Madrid", "Stockholm", "Warsaw", "Zurich", "Vienna", "Brussels",
	"Copenhagen", "Helsinki", "Lisbon", "Athens", "Bucharest" };

/*
 * Vendor types whose customers run the vendor's software on their own
 * machines, with the type of the per-customer fleet nodes.  These vendors
 * are lettered (edr-a, edr-b, ..., edr-z, edr-aa) as in data/jp-sector, so
 * that a model's glob such as edr-a@* means the same on generated data.
 */
static const struct {
	const char *vendor_type, *fleet_type;
} fleet_types[] = {
	{ "security", "endpoint_fleet" },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The fleet node type of vendor type 'type', or NULL. */
const char *presets_fleet_type(const char *type)
{
	for (size_t i = 0; i < N(fleet_types); i++)
		if (strcmp(fleet_types[i].vendor_type, type) == 0)
			return fleet_types[i].fleet_type;
	return NULL;
}

static const struct preset presets[] = {
	{ "jp", "JP", NULL, 4, jp_cloud_country, 1.0, jp_n_regions, jp_region_id,
	  jp_region_name, jp_itypes, N(jp_itypes), jp_vtypes, N(jp_vtypes), cats_common,
	  N(cats_common), NULL, 3, &jp_relay, jp_named, jp_top },
	{ "eu", NULL, eu_countries, 8, eu_cloud_country, 1.2, eu_n_regions, eu_region_id,
	  eu_region_name, eu_itypes, N(eu_itypes), eu_vtypes, N(eu_vtypes), cats_common,
	  N(cats_common), eu_svc_extra, 3, NULL, NULL, NULL },
};

/* The preset called 'name', or NULL. */
const struct preset *presets_find(const char *name)
{
	for (size_t i = 0; i < N(presets); i++)
		if (strcmp(presets[i].name, name) == 0)
			return &presets[i];
	return NULL;
}
