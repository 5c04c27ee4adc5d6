/* provenance.c - input fingerprints (nettle SHA-256) and model text. */
#include "config.h"

#include <limits.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/error.h"
#include "report/provenance.h"

static void to_hex(const uint8_t *d, char hex[SHA256_HEX])
{
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 15];
	}
	hex[2 * SHA256_DIGEST_SIZE] = '\0';
}

void prov_sha256(const void *data, size_t len, char hex[SHA256_HEX])
{
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];
	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	sha256_digest(&ctx, sizeof d, d);
	to_hex(d, hex);
}

int prov_sha256_file(const char *path, char hex[SHA256_HEX])
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return -1;
	struct sha256_ctx ctx;
	uint8_t buf[65536], d[SHA256_DIGEST_SIZE];
	sha256_init(&ctx);
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		sha256_update(&ctx, n, buf);
	int bad = ferror(fp);
	fclose(fp);
	if (bad)
		return -1;
	sha256_digest(&ctx, sizeof d, d);
	to_hex(d, hex);
	return 0;
}

json_t *prov_dataset(const struct dataset *ds)
{
	json_t *files = json_object();
	char *lines = xstrdup("");
	for (size_t i = 0; i < ds->n_files; i++) {
		char hex[SHA256_HEX];
		if (prov_sha256_file(ds->files[i], hex) != 0) {
			json_decref(files);
			free(lines);
			return NULL;
		}
		const char *base = strrchr(ds->files[i], '/');
		base = base ? base + 1 : ds->files[i];
		json_object_set_new(files, base, json_string(hex));
		char *l = xasprintf("%s%s %s\n", lines, base, hex);
		free(lines);
		lines = l;
	}
	char fp[SHA256_HEX];
	prov_sha256(lines, strlen(lines), fp);
	free(lines);
	json_t *o = json_object();
	json_object_set_new(o, "files", files);
	json_object_set_new(o, "fingerprint", json_string(fp));
	return o;
}

char *prov_model_text(const struct model *m, const char *data_used)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	if (!fp)
		msg_die(CP_EXIT_OSERR, "out of memory");
	/* The data set actually used, as an absolute path: the text stays
	 * valid wherever it is saved (a model reads data relative to itself). */
	struct model copy = *m;
	char *abs = data_used ? realpath(data_used, NULL) : NULL;
	if (abs)
		copy.data = abs;
	else if (data_used)
		copy.data = (char *)data_used;
	model_format(&copy, fp);
	fclose(fp);
	free(abs);
	return buf;
}
