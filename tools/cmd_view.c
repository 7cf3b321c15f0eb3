// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_view.c - opregionctl view: write the stitched view the guest reads
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "opregionctl.h"
#include "print.h"

static int do_view(int argc, char **argv)
{
	struct platform plat;
	struct iop *iop;
	struct args a;
	u8 *buf = NULL;
	ssize_t n;
	FILE *out;
	int rc;

	rc = parse_args(argc, argv, A_PLAT | A_OUT, &a);
	if (rc || a.help)
		return rc;
	rc = want_pos(&a, 0, "");
	if (rc)
		return rc;
	if (!a.out)
		return usage_fail("view: -o OUT is required");
	rc = load_platform(&a, &plat);
	if (rc)
		return rc;
	iop = calloc(1, sizeof(*iop));
	if (!iop) {
		rc = fail("out of memory");
		goto out;
	}
	if (iop_probe(iop, a.asls, &plat_ops, &plat, NULL, NULL)) {
		fprintf(stderr, "opregionctl: view: platform rejected: %s (%s)\n",
			iop_reason_name(iop->reason), reason_desc(iop->reason));
		rc = EXIT_REJECTED;
		goto out;
	}
	buf = malloc(iop->geo.view_size);
	if (!buf) {
		rc = fail("out of memory");
		goto out;
	}
	n = iop_read(iop, 0, buf, iop->geo.view_size);
	if (n != (ssize_t)iop->geo.view_size) {
		rc = fail("view: engine read %zd of %u bytes", n, iop->geo.view_size);
		goto out;
	}
	out = strcmp(a.out, "-") ? fopen(a.out, "wb") : stdout;
	if (!out) {
		rc = fail("%s: %s", a.out, strerror(errno));
		goto out;
	}
	if (fwrite(buf, 1, n, out) != (size_t)n || (out != stdout && fclose(out))) {
		rc = fail("%s: write failed: %s", a.out, strerror(errno));
		goto out;
	}
	if (out != stdout)
		printf("wrote the %u-byte %u.%u view to %s\n", iop->geo.view_size,
		       iop->geo.view_ver >> 8, iop->geo.view_ver & 0xff, a.out);
	rc = 0;
out:
	free(buf);
	free(iop);
	plat_free(&plat);
	return rc;
}

const struct cmd cmd_view = {
	.name = "view",
	.run = do_view,
	.help =
		"  view --asls ADDR --mem ADDR:FILE... -o OUT\n"
		"      Write the stitched view the guest reads ('-o -': stdout).\n"
		"      Exit 1 if the platform is rejected.\n",
};
