/*
 * report_ctpp.c - the step-1 summary of ctpp.csv (report_ctpp.h).
 */
#include "config.h"

#include <stdio.h>

#include "report/emit.h"
#include "report/report_ctpp.h"

/* The sub-criteria of a group, in ctpp.csv's order, with their names. */
static const char *const sub_names[4] = {"art2_met", "art3_2_1_met", "art3_2_2_met",
                                         "art5_met"};

static void subs(const struct ctpp_group *g, enum ctpp_verdict v[4])
{
	v[0] = g->art2;
	v[1] = g->art3_21;
	v[2] = g->art3_22;
	v[3] = g->art5;
}

void ctpp_summary_text(FILE *fp, const struct ctpp_result *c, unsigned top)
{
	uint32_t n[3] = {0, 0, 0};
	for (uint32_t i = 0; i < c->n_groups; i++)
		n[c->groups[i].step1]++;
	fputs(
	    "\nCritical ICT third-party providers: step 1 of Delegated Regulation (EU)\n"
	    "2024/1502 per provider group (ctpp.csv)\n",
	    fp);
	fprintf(
	    fp,
	    "  %u groups: %u meet every step-1 sub-criterion, %u fail one or more, %u\n"
	    "  cannot be settled from the data (none failed, one or more unknown).\n",
	    c->n_groups, n[CTPP_YES], n[CTPP_NO], n[CTPP_UNKNOWN]);
	for (int which = 0; which < 2; which++) {
		enum ctpp_verdict want = which ? CTPP_UNKNOWN : CTPP_YES;
		if (!n[want])
			continue;
		fputs(which ? "  Cannot be settled (the sub-criteria unknown):\n"
		            : "  Meeting step 1:\n",
		      fp);
		unsigned shown = 0;
		for (uint32_t i = 0; i < c->n_groups && shown < top; i++) {
			const struct ctpp_group *g = &c->groups[i];
			if (g->step1 != want)
				continue;
			shown++;
			fprintf(fp, "    %-28s", g->group);
			if (which) {
				enum ctpp_verdict v[4];
				subs(g, v);
				const char *sep = " ";
				for (int k = 0; k < 4; k++)
					if (v[k] == CTPP_UNKNOWN) {
						fprintf(fp, "%s%s", sep, sub_names[k]);
						sep = ", ";
					}
			}
			fputc('\n', fp);
		}
		if (n[want] > shown)
			fprintf(fp, "    ... and %u more (ctpp.csv)\n", n[want] - shown);
	}
}

json_t *ctpp_summary_json(const struct ctpp_result *c)
{
	uint32_t n[3] = {0, 0, 0};
	json_t *met = json_array(), *unk = json_array();
	for (uint32_t i = 0; i < c->n_groups; i++) {
		const struct ctpp_group *g = &c->groups[i];
		n[g->step1]++;
		if (g->step1 == CTPP_YES) {
			json_array_append_new(met, json_string(g->group));
		} else if (g->step1 == CTPP_UNKNOWN) {
			json_t *o = json_object(), *u = json_array();
			enum ctpp_verdict v[4];
			subs(g, v);
			for (int k = 0; k < 4; k++)
				if (v[k] == CTPP_UNKNOWN)
					json_array_append_new(u,
					                      json_string(sub_names[k]));
			json_object_set_new(o, "group", json_string(g->group));
			json_object_set_new(o, "unknown", u);
			json_array_append_new(unk, o);
		}
	}
	json_t *o = json_object();
	json_object_set_new(o, "groups", emit_jint(c->n_groups));
	json_object_set_new(o, "step1_met", emit_jint(n[CTPP_YES]));
	json_object_set_new(o, "step1_not_met", emit_jint(n[CTPP_NO]));
	json_object_set_new(o, "step1_unknown", emit_jint(n[CTPP_UNKNOWN]));
	json_object_set_new(o, "groups_met", met);
	json_object_set_new(o, "groups_unknown", unk);
	return o;
}
