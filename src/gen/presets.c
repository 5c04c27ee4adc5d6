/*
 * presets.c - the generator's preset tables (presets.h).
 *
 * Every figure in the tables below is an illustrative assumption in the
 * spirit of data/jp-sector/README.md, not a measurement.
 */
#include "config.h"

#include <string.h>

#include "gen/presets.h"

/*
 * Needs shorthand (struct need): a vendor V(type, p), one with failover
 * VF(type, p, failover), a redundant vendor pair V2(type, p, p_dual,
 * label), cloud hosting HOST(p), a bank's service BANK(key, p, failover).
 */
#define NEED(k, t, p_, pd, lab, fo)                                                \
	{ .kind = (k), .type = (t), .p = (p_), .p_dual = (pd), .label = (lab),     \
	  .failover = (fo) }
#define V(t, p_) NEED(NEED_VENDOR, t, p_, 0, NULL, 0)
#define VF(t, p_, fo) NEED(NEED_VENDOR, t, p_, 0, NULL, fo)
#define V2(t, p_, pd, lab) NEED(NEED_VENDOR, t, p_, pd, lab, 0)
#define HOST(p_) NEED(NEED_CLOUD, "cloud", p_, 0, NULL, 0)
#define BANK(k, p_, fo) NEED(NEED_BANK, k, p_, 0, NULL, fo)

/* Shared by both presets: tolerances after data/jp-sector/README.md. */
static const struct category cats_common[] = {
	{ .key = "payments", .suffix = "payments", .category = "payments",
	  .name = "Retail payments (credit transfers)",
	  .tol = 2, .tol_alt = 0, .tol_systemic = 0, .volume = 8000,
	  .needs = { V("clearing", 1), V2("payment_processor", 0.2, 0.5, "pp"),
	             V("software", 0.3) } },
	{ .key = "bulk", .suffix = "bulk", .category = "bulk_payments",
	  .name = "Bulk payments (salary, direct debit)",
	  .tol = 4, .tol_alt = 0, .tol_systemic = 0, .volume = 3000,
	  .needs = { VF("clearing", 1, 24), V("software", 0.3) } },
	{ .key = "ibank", .suffix = "ibank", .category = "internet_banking",
	  .name = "Internet and mobile banking",
	  .tol = 24, .tol_alt = 12, .tol_systemic = 12, .volume = 12000,
	  .needs = { V2("software", 0.8, 0.2, "ib"), V2("software", 0.3, 0.8, "otp"),
	             HOST(0.2) } },
	{ .key = "deposits", .suffix = "deposits", .category = "deposits",
	  .name = "Deposits and withdrawals",
	  .tol = 24, .tol_alt = 0, .tol_systemic = 0, .volume = 5000,
	  .needs = { V("software", 0.2) } },
	{ .key = "atm", .suffix = "atm", .category = "atm", .name = "ATM cash services",
	  .tol = 24, .tol_alt = 12, .tol_systemic = 12, .volume = 6000,
	  .needs = { V2("atm_network", 0.7, 0.2, "atm") } },
	{ .key = "cards", .suffix = "cards", .category = "card_payments",
	  .name = "Card payments",
	  .tol = 2, .tol_alt = 4, .tol_systemic = 2, .volume = 4000,
	  .needs = { V("card_network", 1), V("payment_processor", 0.7) } },
	{ .key = "lending", .suffix = "lending", .category = "lending",
	  .name = "Loan origination and servicing",
	  .tol = 72, .tol_alt = 48, .tol_systemic = 48, .volume = 500,
	  .needs = { V("software", 0.7), HOST(0.2) } },
	{ .key = "trading", .suffix = "trading", .category = "securities_trading",
	  .name = "Securities trading",
	  .tol = 4, .tol_alt = 0, .tol_systemic = 0, .volume = 10000,
	  .needs = { V("exchange", 1), V("securities_clearing", 1),
	             V("securities_settlement", 1), V("software", 0.4) } },
	{ .key = "safekeeping", .suffix = "safekeeping", .category = "securities_custody",
	  .name = "Client asset safekeeping",
	  .tol = 24, .tol_alt = 0, .tol_systemic = 0, .volume = 1000,
	  .needs = { V("securities_settlement", 1), V("software", 0.5) } },
	{ .key = "claims", .suffix = "claims", .category = "insurance_claims",
	  .name = "Insurance claims payment",
	  .tol = 72, .tol_alt = 48, .tol_systemic = 48, .volume = 200,
	  .needs = { V("software", 0.4), BANK("bulk", 0.3, 24) } },
	{ .key = "policy", .suffix = "policy", .category = "insurance_policy",
	  .name = "Policy administration",
	  .tol = 72, .tol_alt = 0, .tol_systemic = 48, .volume = 500,
	  .needs = { V("software", 0.8), HOST(0.3) } },
	{ .key = "fund_dealing", .suffix = "dealing", .category = "fund_dealing",
	  .name = "Fund subscriptions and redemptions",
	  .tol = 24, .tol_alt = 0, .tol_systemic = 0, .volume = 2000,
	  .needs = { V("software", 0.6), V("securities_settlement", 0.6),
	             BANK("payments", 0.4, 24) } },
	{ .key = "valuation", .suffix = "nav", .category = "fund_valuation",
	  .name = "Fund valuation (NAV)",
	  .tol = 24, .tol_alt = 48, .tol_systemic = 24, .volume = 100,
	  .needs = { V("data_provider", 1), V("software", 0.4) } },
	{ .key = "benefits", .suffix = "benefits", .category = "pension_payments",
	  .name = "Pension benefit payments",
	  .tol = 48, .tol_alt = 72, .tol_systemic = 48, .volume = 1000,
	  .needs = { V("clearing", 1), V("software", 0.5) } },
	{ .key = "custody", .suffix = "custody", .category = "crypto_custody",
	  .name = "Crypto-asset custody",
	  .tol = 24, .tol_alt = 0, .tol_systemic = 0, .volume = 20000,
	  .needs = { V("software", 0.5) } },
	{ .key = "spot", .suffix = "spot", .category = "crypto_trading",
	  .name = "Crypto-asset trading",
	  .tol = 4, .tol_alt = 0, .tol_systemic = 0, .volume = 100000,
	  .needs = { V2("software", 0.6, 1.0, "otp") } },
	{ .key = "remittance", .suffix = "remittance", .category = "fund_transfer",
	  .name = "Fund transfers (remittance)",
	  .tol = 4, .tol_alt = 0, .tol_systemic = 0, .volume = 50000,
	  .needs = { V("clearing", 1), V("software", 0.3), BANK("payments", 0.3, 0) } },
	{ .key = "apppay", .suffix = "payments", .category = "payments",
	  .name = "Code payments (payment app)",
	  .tol = 2, .tol_alt = 0, .tol_systemic = 0, .volume = 500000,
	  .needs = { V2("payment_processor", 0.9, 0.4, "pp"), V("software", 0.3) } },
};

/* ---- jp: after data/jp-sector (JPY trillion) ---- */

static const struct itype jp_itypes[] = {
	{ .type = "megabank", .prefix = "megabank", .name = "Megabank",
	  .count = 3, .median = 250, .sigma = 0.15, .lo = 180, .hi = 330, .systemic = 3,
	  .bank = 1, .core_type = "shared_core_center", .core_index = -1, .p_core = 0,
	  .p_cloud = 0, .own_failover = 1, .p_net_dual = 1, .p_net = 1, .p_edr = 1,
	  .p_outsource = 0,
	  .svc = { { "payments", 1 }, { "bulk", 1 }, { "ibank", 1 }, { "deposits", 1 },
	           { "atm", 1 } } },
	{ .type = "trust_bank", .prefix = "trust", .name = "Trust bank",
	  .count = 13, .median = 8, .sigma = 1.0, .lo = 0.3, .hi = 80, .systemic = 1,
	  .bank = 1, .core_type = "shared_core_center", .core_index = -1, .p_core = 0,
	  .p_cloud = 0, .own_failover = 12, .p_net_dual = 0.8, .p_net = 1, .p_edr = 0.6,
	  .p_outsource = 0,
	  .svc = { { "payments", 1 }, { "bulk", 1 }, { "deposits", 1 },
	           { "trading", 0.3 } } },
	{ .type = "regional_bank", .prefix = "regional", .name = "Regional bank",
	  .count = 62, .median = 5, .sigma = 0.6, .lo = 1.5, .hi = 25, .systemic = 0,
	  .bank = 1, .core_type = "shared_core_center", .core_index = -1, .p_core = 0.63,
	  .p_cloud = 0, .own_failover = 12, .p_net_dual = 0.7, .p_net = 1, .p_edr = 0.6,
	  .p_outsource = 0,
	  .svc = { { "payments", 1 }, { "bulk", 0.6 }, { "ibank", 1 }, { "deposits", 1 },
	           { "atm", 1 } } },
	{ .type = "regional_bank_2", .prefix = "regional2",
	  .name = "Second-tier regional bank",
	  .count = 37, .median = 1.5, .sigma = 0.5, .lo = 0.4, .hi = 6, .systemic = 0,
	  .bank = 1, .core_type = "shared_core_center", .core_index = -1, .p_core = 0.73,
	  .p_cloud = 0, .own_failover = 12, .p_net_dual = 0.5, .p_net = 1, .p_edr = 0.6,
	  .p_outsource = 0,
	  .svc = { { "payments", 1 }, { "bulk", 0.4 }, { "ibank", 1 }, { "deposits", 1 },
	           { "atm", 1 } } },
	{ .type = "shinkin", .prefix = "shinkin", .name = "Shinkin bank",
	  .count = 254, .median = 0.6, .sigma = 0.8, .lo = 0.05, .hi = 6, .systemic = 0,
	  .bank = 1, .core_type = "industry_core_center", .core_index = 0, .p_core = 1,
	  .p_cloud = 0, .own_failover = 12, .p_net_dual = 0, .p_net = 1, .p_edr = 0.6,
	  .p_outsource = 0,
	  .svc = { { "payments", 1 }, { "deposits", 1 }, { "ibank", 0.5 },
	           { "atm", 0.4 } } },
	{ .type = "credit_coop", .prefix = "coop", .name = "Credit cooperative",
	  .count = 143, .median = 0.15, .sigma = 0.9, .lo = 0.01, .hi = 3, .systemic = 0,
	  .bank = 1, .core_type = "industry_core_center", .core_index = 1, .p_core = 1,
	  .p_cloud = 0, .own_failover = 12, .p_net_dual = 0, .p_net = 1, .p_edr = 0.6,
	  .p_outsource = 0,
	  .svc = { { "payments", 1 }, { "deposits", 1 }, { "ibank", 0.3 },
	           { "atm", 0.3 } } },
	{ .type = "labour_bank", .prefix = "labour", .name = "Labour bank",
	  .count = 13, .median = 1.0, .sigma = 0.8, .lo = 0.3, .hi = 8, .systemic = 0,
	  .bank = 1, .core_type = "industry_core_center", .core_index = 2, .p_core = 1,
	  .p_cloud = 0, .own_failover = 12, .p_net_dual = 0, .p_net = 0, .p_edr = 0.6,
	  .p_outsource = 0,
	  .svc = { { "payments", 1 }, { "bulk", 1 }, { "ibank", 1 }, { "deposits", 1 },
	           { "atm", 1 } } },
	{ .type = "net_bank", .prefix = "netbank", .name = "Net bank",
	  .count = 8, .median = 3, .sigma = 0.6, .lo = 0.5, .hi = 20, .systemic = 0,
	  .bank = 1, .core_type = "shared_core_center", .core_index = -1, .p_core = 0.125,
	  .p_cloud = 0.875, .own_failover = 12, .p_net_dual = 0, .p_net = 0, .p_edr = 0.6,
	  .p_outsource = 0,
	  .svc = { { "payments", 1 }, { "ibank", 1 }, { "deposits", 1 }, { "atm", 1 },
	           { "cards", 1 } } },
	{ .type = "securities", .prefix = "securities", .name = "Securities firm",
	  .count = 250, .median = 0.05, .sigma = 1.8, .lo = 0.001, .hi = 60,
	  .systemic = 2, .bank = 0, .core_type = "securities_back_office",
	  .core_index = -1, .p_core = 0.85, .p_cloud = 0.05, .own_failover = 12,
	  .p_net_dual = 0.3, .p_net = 1, .p_edr = 0.6, .p_outsource = 0,
	  .svc = { { "trading", 1 }, { "ibank", 0.35 } } },
	{ .type = "insurer", .prefix = "insurer", .name = "Insurer",
	  .count = 40, .median = 2.5, .sigma = 1.1, .lo = 0.05, .hi = 100, .systemic = 0,
	  .bank = 0, .core_type = "shared_core_center", .core_index = -1, .p_core = 0,
	  .p_cloud = 0, .own_failover = 24, .p_net_dual = 0.6, .p_net = 1, .p_edr = 0.6,
	  .p_outsource = 0,
	  .svc = { { "claims", 1 }, { "bulk", 0.5 } } },
	{ .type = "fund_transfer", .prefix = "fundtransfer",
	  .name = "Fund transfer operator",
	  .count = 80, .median = 0.005, .sigma = 1.5, .lo = 0.001, .hi = 0.5,
	  .systemic = 0, .bank = 0, .core_type = "shared_core_center", .core_index = -1,
	  .p_core = 0, .p_cloud = 1, .own_failover = 0, .p_net_dual = 0, .p_net = 0,
	  .p_edr = 0.3, .p_outsource = 0,
	  .svc = { { "remittance", 1 }, { "apppay", 0.4 } } },
	{ .type = "prepaid", .prefix = "prepaid",
	  .name = "Prepaid payment instrument issuer",
	  .count = 20, .median = 0.01, .sigma = 1.2, .lo = 0.001, .hi = 0.5,
	  .systemic = 0, .bank = 0, .core_type = "shared_core_center", .core_index = -1,
	  .p_core = 0, .p_cloud = 1, .own_failover = 0, .p_net_dual = 0, .p_net = 0,
	  .p_edr = 0.6, .p_outsource = 0,
	  .svc = { { "cards", 1 }, { "apppay", 0.4 } } },
	{ .type = "crypto_exchange", .prefix = "crypto", .name = "Crypto-asset exchange",
	  .count = 30, .median = 0.02, .sigma = 1.5, .lo = 0.001, .hi = 1.0,
	  .systemic = 0, .bank = 0, .core_type = "shared_core_center", .core_index = -1,
	  .p_core = 0, .p_cloud = 1, .own_failover = 0, .p_net_dual = 0, .p_net = 0,
	  .p_edr = 0.6, .p_outsource = 0,
	  .svc = { { "custody", 1 }, { "spot", 1 } } },
};

static const struct vtype jp_vtypes[] = {
	{ .type = "telecom", .prefix = "telecom", .name = "Telecom carrier",
	  .count = 3, .alpha = 0.8, .rate_lo = 0.1, .rate_hi = 0.1, .median = 4,
	  .p95 = 12, .country = NULL, .p_cloud = 0, .p_dc = 0, .p_dc_dual = 0,
	  .dc_failover = 0, .p_net_dual = 0, .p_net = 0, .p_edr = 0, .n_software = 0,
	  .upstream = NULL, .p_upstream = 0 },
	{ .type = "data_center", .prefix = "dc", .name = "Data center operator",
	  .count = 6, .alpha = 0.6, .rate_lo = 0.1, .rate_hi = 0.1, .median = 2,
	  .p95 = 12, .country = NULL, .p_cloud = 0, .p_dc = 0, .p_dc_dual = 0,
	  .dc_failover = 0, .p_net_dual = 0.7, .p_net = 1, .p_edr = 0, .n_software = 0,
	  .upstream = NULL, .p_upstream = 0 },
	{ .type = "security", .prefix = "edr", .name = "Endpoint security vendor",
	  .count = 2, .alpha = 1.0, .rate_lo = 0.05, .rate_hi = 0.05, .median = 12,
	  .p95 = 72, .country = NULL, .p_cloud = 0, .p_dc = 0, .p_dc_dual = 0,
	  .dc_failover = 0, .p_net_dual = 0, .p_net = 0, .p_edr = 0, .n_software = 0,
	  .upstream = NULL, .p_upstream = 0 },
	{ .type = "software", .prefix = "sw", .name = "Software and SaaS vendor",
	  .count = 8, .alpha = 0.8, .rate_lo = 0.3, .rate_hi = 0.3, .median = 3,
	  .p95 = 12, .country = NULL, .p_cloud = 0.7, .p_dc = 0.3, .p_dc_dual = 0,
	  .dc_failover = 0, .p_net_dual = 0, .p_net = 0, .p_edr = 0.3, .n_software = 0,
	  .upstream = NULL, .p_upstream = 0 },
	{ .type = "settlement", .prefix = "settlement",
	  .name = "Central bank settlement network",
	  .count = 1, .alpha = 1, .rate_lo = 0.02, .rate_hi = 0.02, .median = 4,
	  .p95 = 24, .country = NULL, .p_cloud = 0, .p_dc = 0, .p_dc_dual = 0,
	  .dc_failover = 0, .p_net_dual = 1, .p_net = 1, .p_edr = 0, .n_software = 0,
	  .upstream = NULL, .p_upstream = 0 },
	{ .type = "clearing", .prefix = "clearing", .name = "Interbank clearing system",
	  .count = 1, .alpha = 1, .rate_lo = 0.02, .rate_hi = 0.02, .median = 12,
	  .p95 = 48, .country = NULL, .p_cloud = 0, .p_dc = 0, .p_dc_dual = 0,
	  .dc_failover = 0, .p_net_dual = 1, .p_net = 1, .p_edr = 0, .n_software = 0,
	  .upstream = "settlement", .p_upstream = 1 },
	{ .type = "securities_settlement", .prefix = "csd",
	  .name = "Central securities depository",
	  .count = 1, .alpha = 1, .rate_lo = 0.05, .rate_hi = 0.05, .median = 6,
	  .p95 = 24, .country = NULL, .p_cloud = 0, .p_dc = 0, .p_dc_dual = 0,
	  .dc_failover = 0, .p_net_dual = 1, .p_net = 1, .p_edr = 0, .n_software = 0,
	  .upstream = "settlement", .p_upstream = 1 },
	{ .type = "securities_clearing", .prefix = "ccp",
	  .name = "Securities clearing house",
	  .count = 1, .alpha = 1, .rate_lo = 0.05, .rate_hi = 0.05, .median = 6,
	  .p95 = 24, .country = NULL, .p_cloud = 0, .p_dc = 0, .p_dc_dual = 0,
	  .dc_failover = 0, .p_net_dual = 1, .p_net = 1, .p_edr = 0, .n_software = 0,
	  .upstream = "settlement", .p_upstream = 1 },
	{ .type = "exchange", .prefix = "exchange",
	  .name = "Stock exchange trading system",
	  .count = 1, .alpha = 1, .rate_lo = 0.1, .rate_hi = 0.1, .median = 8, .p95 = 24,
	  .country = NULL, .p_cloud = 0, .p_dc = 0, .p_dc_dual = 0, .dc_failover = 0,
	  .p_net_dual = 1, .p_net = 1, .p_edr = 0, .n_software = 0, .upstream = NULL,
	  .p_upstream = 0 },
	{ .type = "data_provider", .prefix = "mktdata", .name = "Market data provider",
	  .count = 2, .alpha = 1.0, .rate_lo = 0.1, .rate_hi = 0.1, .median = 2, .p95 = 8,
	  .country = "US", .p_cloud = 0.5, .p_dc = 0.5, .p_dc_dual = 0, .dc_failover = 0,
	  .p_net_dual = 0.5, .p_net = 1, .p_edr = 0, .n_software = 0, .upstream = NULL,
	  .p_upstream = 0 },
	{ .type = "card_network", .prefix = "cardnet", .name = "Card network",
	  .count = 2, .alpha = 1.0, .rate_lo = 0.05, .rate_hi = 0.05, .median = 2,
	  .p95 = 8, .country = "US", .p_cloud = 0, .p_dc = 0, .p_dc_dual = 0,
	  .dc_failover = 0, .p_net_dual = 0, .p_net = 0, .p_edr = 0, .n_software = 0,
	  .upstream = NULL, .p_upstream = 0 },
	{ .type = "payment_processor", .prefix = "pp", .name = "Payment processor",
	  .count = 5, .alpha = 0.8, .rate_lo = 0.1, .rate_hi = 0.3, .median = 2, .p95 = 8,
	  .country = NULL, .p_cloud = 0.6, .p_dc = 0.4, .p_dc_dual = 0.3,
	  .dc_failover = 0, .p_net_dual = 0, .p_net = 0, .p_edr = 0.3, .n_software = 0.3,
	  .upstream = "card_network", .p_upstream = 0.3 },
	{ .type = "shared_core_center", .prefix = "core",
	  .name = "Shared core-banking center",
	  .count = 8, .alpha = 0.5, .rate_lo = 0.1, .rate_hi = 0.3, .median = 8,
	  .p95 = 48, .country = NULL, .p_cloud = 0.25, .p_dc = 0.75, .p_dc_dual = 0.2,
	  .dc_failover = 8, .p_net_dual = 0.6, .p_net = 1, .p_edr = 0.5,
	  .n_software = 0.2, .upstream = NULL, .p_upstream = 0 },
	{ .type = "industry_core_center", .prefix = "coreind",
	  .name = "Industry core-banking center",
	  .count = 3, .alpha = 1.0, .rate_lo = 0.1, .rate_hi = 0.2, .median = 8,
	  .p95 = 48, .country = NULL, .p_cloud = 0, .p_dc = 1, .p_dc_dual = 0.6,
	  .dc_failover = 12, .p_net_dual = 0.6, .p_net = 1, .p_edr = 0.5, .n_software = 0,
	  .upstream = NULL, .p_upstream = 0 },
	{ .type = "securities_back_office", .prefix = "coresec",
	  .name = "Shared securities back-office system",
	  .count = 2, .alpha = 1.0, .rate_lo = 0.15, .rate_hi = 0.25, .median = 8,
	  .p95 = 48, .country = NULL, .p_cloud = 0.5, .p_dc = 0.5, .p_dc_dual = 0,
	  .dc_failover = 4, .p_net_dual = 0.6, .p_net = 1, .p_edr = 0, .n_software = 0,
	  .upstream = NULL, .p_upstream = 0 },
	{ .type = "atm_network", .prefix = "atmnet", .name = "ATM network",
	  .count = 3, .alpha = 0.5, .rate_lo = 0.1, .rate_hi = 0.2, .median = 4,
	  .p95 = 24, .country = NULL, .p_cloud = 0.3, .p_dc = 0.7, .p_dc_dual = 0,
	  .dc_failover = 12, .p_net_dual = 0.5, .p_net = 1, .p_edr = 0, .n_software = 0,
	  .upstream = NULL, .p_upstream = 0 },
};

static const char *const jp_cloud_country[] = { "US", "US", "US", "JP" };
static const int jp_n_regions[] = { 2, 2, 2, 2 };
static const char *const jp_region_id[] = { "tokyo", "osaka" };
static const char *const jp_region_name[] = { "Tokyo", "Osaka" };

/* The clearing relay layer, ids, names and outage figures as in
 * data/jp-sector (README.md there): 14 institutions switched relay
 * equipment in Oct 2023, so models/clearing-relay-switch.ini (targets
 * clearing-relay-b-*) runs on generated jp.  From scale 1.5 the clearing
 * type has a second member (clearing-002), which services use directly:
 * the relays front the leader only. */
static const struct relay_layer jp_relay = {
	.clearing_type = "clearing",
	.system = { .id = "interbank-clearing", .name = "Interbank clearing system",
	            .rate = 0.02, .median = 12, .p95 = 48 },
	.current = { .id = "clearing-relay-a",
	             .name = "Clearing relay computers A (current generation)",
	             .rate = 0.02, .median = 6, .p95 = 24 },
	.switched = { .id = "clearing-relay-b",
	              .name = "Clearing relay computers B (newly switched)",
	              .rate = 0.1, .median = 12, .p95 = 48 },
	.own_name = "New clearing relay computer of",
	.switched_types = { { .itype = "regional_bank", .count = 9 },
	                    { .itype = "regional_bank_2", .count = 3 },
	                    { .itype = "trust_bank", .count = 2 } },
};

/* The core-banking centers of data/jp-sector (generate.py's CORE), ids and
 * names, lettered A to H by market share: core-center-a, the leader, for
 * models/ransomware-core-center.ini, core-center-e (E) for
 * models/shared-center-power.ini.  The industry centers follow the
 * institution types' core_index (shinkin 0, credit coop 1, labour bank 2);
 * data/jp-sector's back offices core-broker-a/b are the securities type's.
 * Outage rates and hosting stay drawn, so generate.py's "on cloud" is left
 * out of the names of F, H and back office B. */
static const struct named_vendors jp_named[] = {
	{ .type = "shared_core_center",
	  .names = { { "core-center-a",
	               "Shared core center A" },
	             { "core-center-b", "Shared core center B" },
	             { "core-center-c", "Shared core center C" },
	             { "core-center-d", "Shared core center D" },
	             { "core-center-e", "Shared core center E" },
	             { "core-center-f", "Shared core center F" },
	             { "core-center-g", "Shared core center G" },
	             { "core-center-h", "Shared core center H" } } },
	{ .type = "industry_core_center",
	  .names = { { "core-shinkin", "Shinkin bank industry core center" },
	             { "core-shinkumi", "Credit cooperative industry core center" },
	             { "core-rokin", "Labour bank industry core center" } } },
	{ .type = "securities_back_office",
	  .names = { { "core-broker-a", "Shared securities back-office system A" },
	             { "core-broker-b", "Shared securities back-office system B" } } },
	{ .type = NULL, .names = { { NULL, NULL } } },
};

/* data/jp-sector gives fundtransfer-001, the largest cashless payment
 * operator, app payments (models/cashless-credential-stuffing.ini). */
static const struct top_service jp_top[] = {
	{ .itype = "fund_transfer", .key = "apppay" },
	{ .itype = NULL, .key = NULL },
};

/* ---- eu: an EU-wide register of information (EUR billion) ---- */

/* The types are named as `import` names the categories of financial
 * entities of the register (B_01.02 c0040), so that ctpp.csv maps each to
 * its category of Article 2(1) of Regulation (EU) 2022/2554 and a
 * register written by `generate --format roi` imports to the same types. */
static const struct itype eu_itypes[] = {
	{ .type = "credit_institution", .prefix = "bank", .name = "Credit institution",
	  .count = 5200, .median = 0.8, .sigma = 1.9, .lo = 0.005, .hi = 2500,
	  .systemic = 180, .bank = 1, .core_type = "shared_core_center", .core_index = -1,
	  .p_core = 0.45, .p_cloud = 0.1, .own_failover = 12, .p_net_dual = 0.6,
	  .p_net = 1, .p_edr = 0.7, .p_outsource = 0.4,
	  .svc = { { "payments", 1 }, { "deposits", 1 }, { "ibank", 0.95 },
	           { "bulk", 0.8 }, { "lending", 0.7 }, { "cards", 0.6 },
	           { "atm", 0.6 } } },
	{ .type = "investment_firm", .prefix = "invest", .name = "Investment firm",
	  .count = 3600, .median = 0.02, .sigma = 2.0, .lo = 0.001, .hi = 500,
	  .systemic = 10, .bank = 0, .core_type = "securities_back_office",
	  .core_index = -1, .p_core = 0.4, .p_cloud = 0.3, .own_failover = 12,
	  .p_net_dual = 0.3, .p_net = 1, .p_edr = 0.6, .p_outsource = 0.4,
	  .svc = { { "trading", 1 }, { "ibank", 0.6 }, { "safekeeping", 0.5 } } },
	{ .type = "insurance_undertaking", .prefix = "insurer", .name = "Insurance undertaking",
	  .count = 2600, .median = 0.5, .sigma = 1.8, .lo = 0.001, .hi = 1000,
	  .systemic = 20, .bank = 0, .core_type = "shared_core_center", .core_index = -1,
	  .p_core = 0, .p_cloud = 0.3, .own_failover = 24, .p_net_dual = 0.5, .p_net = 1,
	  .p_edr = 0.6, .p_outsource = 0.5,
	  .svc = { { "claims", 1 }, { "policy", 1 }, { "bulk", 0.4 } } },
	{ .type = "payment_institution", .prefix = "pi", .name = "Payment institution",
	  .count = 2400, .median = 0.005, .sigma = 1.5, .lo = 0.001, .hi = 20,
	  .systemic = 0, .bank = 0, .core_type = "shared_core_center", .core_index = -1,
	  .p_core = 0, .p_cloud = 0.8, .own_failover = 8, .p_net_dual = 0, .p_net = 0.5,
	  .p_edr = 0.5, .p_outsource = 0.3,
	  .svc = { { "apppay", 1 }, { "remittance", 0.6 }, { "cards", 0.3 } } },
	{ .type = "e_money_institution", .prefix = "emi", .name = "E-money institution",
	  .count = 500, .median = 0.01, .sigma = 1.5, .lo = 0.001, .hi = 20,
	  .systemic = 0, .bank = 0, .core_type = "shared_core_center", .core_index = -1,
	  .p_core = 0, .p_cloud = 0.8, .own_failover = 8, .p_net_dual = 0, .p_net = 0.5,
	  .p_edr = 0.5, .p_outsource = 0.3,
	  .svc = { { "apppay", 1 }, { "cards", 0.7 } } },
	{ .type = "asset_management_company", .prefix = "fund", .name = "Fund management company",
	  .count = 3700, .median = 0.1, .sigma = 1.6, .lo = 0.001, .hi = 300,
	  .systemic = 0, .bank = 0, .core_type = "securities_back_office",
	  .core_index = -1, .p_core = 0.3, .p_cloud = 0.3, .own_failover = 24,
	  .p_net_dual = 0.2, .p_net = 1, .p_edr = 0.5, .p_outsource = 0.6,
	  .svc = { { "fund_dealing", 1 }, { "valuation", 1 } } },
	{ .type = "crypto_asset_service_provider", .prefix = "casp",
	  .name = "Crypto-asset service provider",
	  .count = 700, .median = 0.005, .sigma = 1.5, .lo = 0.001, .hi = 10,
	  .systemic = 0, .bank = 0, .core_type = "shared_core_center", .core_index = -1,
	  .p_core = 0, .p_cloud = 0.9, .own_failover = 0, .p_net_dual = 0, .p_net = 0.3,
	  .p_edr = 0.6, .p_outsource = 0.2,
	  .svc = { { "custody", 1 }, { "spot", 1 } } },
	{ .type = "iorp", .prefix = "iorp",
	  .name = "Institution for occupational retirement provision",
	  .count = 1300, .median = 0.5, .sigma = 1.8, .lo = 0.001, .hi = 500,
	  .systemic = 0, .bank = 0, .core_type = "securities_back_office",
	  .core_index = -1, .p_core = 0.2, .p_cloud = 0.2, .own_failover = 48,
	  .p_net_dual = 0.2, .p_net = 1, .p_edr = 0.4, .p_outsource = 0.6,
	  .svc = { { "benefits", 1 }, { "valuation", 0.7 } } },
};

static const struct vtype eu_vtypes[] = {
	{ .type = "telecom", .prefix = "telecom", .name = "Telecom carrier",
	  .count = 120, .alpha = 1.0, .rate_lo = 0.05, .rate_hi = 0.15, .median = 4,
	  .p95 = 12, .country = NULL, .p_cloud = 0, .p_dc = 0, .p_dc_dual = 0,
	  .dc_failover = 0, .p_net_dual = 0, .p_net = 0, .p_edr = 0, .n_software = 0,
	  .upstream = NULL, .p_upstream = 0 },
	{ .type = "data_center", .prefix = "dc", .name = "Data center operator",
	  .count = 700, .alpha = 0.9, .rate_lo = 0.05, .rate_hi = 0.15, .median = 2,
	  .p95 = 12, .country = NULL, .p_cloud = 0, .p_dc = 0, .p_dc_dual = 0,
	  .dc_failover = 0, .p_net_dual = 0.7, .p_net = 1, .p_edr = 0, .n_software = 0,
	  .upstream = NULL, .p_upstream = 0 },
	{ .type = "security", .prefix = "edr", .name = "Endpoint security vendor",
	  .count = 40, .alpha = 1.3, .rate_lo = 0.03, .rate_hi = 0.08, .median = 12,
	  .p95 = 72, .country = NULL, .p_cloud = 0.6, .p_dc = 0, .p_dc_dual = 0,
	  .dc_failover = 0, .p_net_dual = 0, .p_net = 0, .p_edr = 0, .n_software = 0,
	  .upstream = NULL, .p_upstream = 0 },
	{ .type = "software", .prefix = "sw", .name = "Software and SaaS vendor",
	  .count = 7000, .alpha = 1.1, .rate_lo = 0.1, .rate_hi = 0.4, .median = 3,
	  .p95 = 12, .country = NULL, .p_cloud = 0.65, .p_dc = 0.35, .p_dc_dual = 0.1,
	  .dc_failover = 0, .p_net_dual = 0.3, .p_net = 0.6, .p_edr = 0.3,
	  .n_software = 0, .upstream = NULL, .p_upstream = 0 },
	{ .type = "settlement", .prefix = "rtgs",
	  .name = "Real-time gross settlement system",
	  .count = 3, .alpha = 2.5, .rate_lo = 0.01, .rate_hi = 0.02, .median = 4,
	  .p95 = 24, .country = NULL, .p_cloud = 0, .p_dc = 1, .p_dc_dual = 1,
	  .dc_failover = 2, .p_net_dual = 1, .p_net = 1, .p_edr = 0, .n_software = 0,
	  .upstream = NULL, .p_upstream = 0 },
	{ .type = "clearing", .prefix = "ach", .name = "Payment clearing house",
	  .count = 25, .alpha = 1.4, .rate_lo = 0.02, .rate_hi = 0.05, .median = 6,
	  .p95 = 24, .country = NULL, .p_cloud = 0, .p_dc = 1, .p_dc_dual = 0.5,
	  .dc_failover = 4, .p_net_dual = 1, .p_net = 1, .p_edr = 0.5, .n_software = 0.5,
	  .upstream = "settlement", .p_upstream = 1 },
	{ .type = "securities_settlement", .prefix = "csd",
	  .name = "Central securities depository",
	  .count = 30, .alpha = 1.3, .rate_lo = 0.02, .rate_hi = 0.05, .median = 6,
	  .p95 = 24, .country = NULL, .p_cloud = 0, .p_dc = 1, .p_dc_dual = 0.5,
	  .dc_failover = 4, .p_net_dual = 1, .p_net = 1, .p_edr = 0.5, .n_software = 0.5,
	  .upstream = "settlement", .p_upstream = 1 },
	{ .type = "securities_clearing", .prefix = "ccp", .name = "Central counterparty",
	  .count = 15, .alpha = 1.3, .rate_lo = 0.02, .rate_hi = 0.05, .median = 6,
	  .p95 = 24, .country = NULL, .p_cloud = 0, .p_dc = 1, .p_dc_dual = 0.5,
	  .dc_failover = 4, .p_net_dual = 1, .p_net = 1, .p_edr = 0.5, .n_software = 0.5,
	  .upstream = "settlement", .p_upstream = 1 },
	{ .type = "exchange", .prefix = "venue", .name = "Trading venue",
	  .count = 120, .alpha = 1.2, .rate_lo = 0.05, .rate_hi = 0.15, .median = 4,
	  .p95 = 24, .country = NULL, .p_cloud = 0.2, .p_dc = 0.8, .p_dc_dual = 0.3,
	  .dc_failover = 4, .p_net_dual = 1, .p_net = 1, .p_edr = 0.5, .n_software = 0.5,
	  .upstream = "securities_clearing", .p_upstream = 0.8 },
	{ .type = "data_provider", .prefix = "mktdata", .name = "Market data provider",
	  .count = 300, .alpha = 1.3, .rate_lo = 0.05, .rate_hi = 0.2, .median = 2,
	  .p95 = 8, .country = NULL, .p_cloud = 0.6, .p_dc = 0.4, .p_dc_dual = 0,
	  .dc_failover = 0, .p_net_dual = 0.5, .p_net = 1, .p_edr = 0.3, .n_software = 1,
	  .upstream = NULL, .p_upstream = 0 },
	{ .type = "card_network", .prefix = "cardnet", .name = "Card network",
	  .count = 6, .alpha = 1.5, .rate_lo = 0.02, .rate_hi = 0.05, .median = 2,
	  .p95 = 8, .country = "US", .p_cloud = 0, .p_dc = 1, .p_dc_dual = 1,
	  .dc_failover = 1, .p_net_dual = 1, .p_net = 1, .p_edr = 0, .n_software = 0,
	  .upstream = NULL, .p_upstream = 0 },
	{ .type = "payment_processor", .prefix = "pp", .name = "Payment processor",
	  .count = 1500, .alpha = 1.1, .rate_lo = 0.1, .rate_hi = 0.3, .median = 2,
	  .p95 = 8, .country = NULL, .p_cloud = 0.6, .p_dc = 0.4, .p_dc_dual = 0.2,
	  .dc_failover = 4, .p_net_dual = 0.5, .p_net = 1, .p_edr = 0.4, .n_software = 1,
	  .upstream = "card_network", .p_upstream = 0.5 },
	{ .type = "shared_core_center", .prefix = "core",
	  .name = "Shared core-banking center",
	  .count = 300, .alpha = 1.1, .rate_lo = 0.05, .rate_hi = 0.2, .median = 8,
	  .p95 = 48, .country = NULL, .p_cloud = 0.3, .p_dc = 0.7, .p_dc_dual = 0.4,
	  .dc_failover = 12, .p_net_dual = 0.7, .p_net = 1, .p_edr = 0.6, .n_software = 1,
	  .upstream = NULL, .p_upstream = 0 },
	{ .type = "securities_back_office", .prefix = "coresec",
	  .name = "Securities and fund back-office provider",
	  .count = 200, .alpha = 1.1, .rate_lo = 0.05, .rate_hi = 0.2, .median = 8,
	  .p95 = 48, .country = NULL, .p_cloud = 0.5, .p_dc = 0.5, .p_dc_dual = 0.2,
	  .dc_failover = 8, .p_net_dual = 0.5, .p_net = 1, .p_edr = 0.5, .n_software = 1,
	  .upstream = NULL, .p_upstream = 0 },
	{ .type = "atm_network", .prefix = "atmnet", .name = "ATM network",
	  .count = 150, .alpha = 1.0, .rate_lo = 0.1, .rate_hi = 0.2, .median = 4,
	  .p95 = 24, .country = NULL, .p_cloud = 0.3, .p_dc = 0.7, .p_dc_dual = 0,
	  .dc_failover = 12, .p_net_dual = 0.5, .p_net = 1, .p_edr = 0.3,
	  .n_software = 0.5, .upstream = "clearing", .p_upstream = 0.5 },
	{ .type = "it_outsourcing", .prefix = "msp",
	  .name = "IT outsourcing and managed services",
	  .count = 4500, .alpha = 1.0, .rate_lo = 0.1, .rate_hi = 0.3, .median = 4,
	  .p95 = 24, .country = NULL, .p_cloud = 0.5, .p_dc = 0.5, .p_dc_dual = 0.1,
	  .dc_failover = 8, .p_net_dual = 0.4, .p_net = 1, .p_edr = 0.5,
	  .n_software = 1.5, .upstream = NULL, .p_upstream = 0 },
};

static const struct country_weight eu_countries[] = {
	{ .code = "DE", .w = 20 }, { .code = "FR", .w = 12 }, { .code = "IT", .w = 10 },
	{ .code = "ES", .w = 8 }, { .code = "NL", .w = 6 }, { .code = "PL", .w = 6 },
	{ .code = "AT", .w = 5 }, { .code = "LU", .w = 5 }, { .code = "BE", .w = 4 },
	{ .code = "SE", .w = 4 }, { .code = "IE", .w = 4 }, { .code = "PT", .w = 3 },
	{ .code = "DK", .w = 3 }, { .code = "FI", .w = 2 }, { .code = "CZ", .w = 2 },
	{ .code = "GR", .w = 2 }, { .code = "HU", .w = 2 }, { .code = "RO", .w = 2 },
	{ .code = "SK", .w = 1 }, { .code = "SI", .w = 1 }, { .code = "BG", .w = 1 },
	{ .code = "HR", .w = 1 }, { .code = "LT", .w = 1 }, { .code = "LV", .w = 1 },
	{ .code = "EE", .w = 1 }, { .code = "CY", .w = 1 }, { .code = "MT", .w = 1 },
	{ .code = NULL, .w = 0 },
};

/* A register of information lists several ICT providers per function: an
 * application vendor, an outsourcer running it, a data center. */
static const struct need eu_svc_extra[] = {
	V("software", 0.8), V("it_outsourcing", 0.5), VF("data_center", 0.25, 12),
	NEED(NEED_VENDOR, NULL, 0, 0, NULL, 0),
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
	{ .vendor_type = "security", .fleet_type = "endpoint_fleet" },
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
	{ .name = "jp", .country = "JP", .countries = NULL,
	  .n_clouds = 4, .cloud_country = jp_cloud_country, .cloud_alpha = 1.0,
	  .n_regions = jp_n_regions, .region_id = jp_region_id,
	  .region_name = jp_region_name,
	  .itypes = jp_itypes, .n_itypes = N(jp_itypes),
	  .vtypes = jp_vtypes, .n_vtypes = N(jp_vtypes),
	  .cats = cats_common, .n_cats = N(cats_common),
	  .svc_extra = NULL, .asset_decimals = 3,
	  .relay = &jp_relay, .named = jp_named, .top = jp_top },
	{ .name = "eu", .country = NULL, .countries = eu_countries,
	  .n_clouds = 8, .cloud_country = eu_cloud_country, .cloud_alpha = 1.2,
	  .n_regions = eu_n_regions, .region_id = eu_region_id,
	  .region_name = eu_region_name,
	  .itypes = eu_itypes, .n_itypes = N(eu_itypes),
	  .vtypes = eu_vtypes, .n_vtypes = N(eu_vtypes),
	  .cats = cats_common, .n_cats = N(cats_common),
	  .svc_extra = eu_svc_extra, .asset_decimals = 3,
	  .relay = NULL, .named = NULL, .top = NULL },
};

/* The preset called 'name', or NULL. */
const struct preset *presets_find(const char *name)
{
	for (size_t i = 0; i < N(presets); i++)
		if (strcmp(presets[i].name, name) == 0)
			return &presets[i];
	return NULL;
}
