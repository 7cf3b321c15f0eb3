// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_check.c - opregionctl check: validate a platform
 */
#include <stdlib.h>

#include "opregionctl.h"
#include "print.h"

static int do_check(int argc, char **argv)
{
	struct platform plat;
	struct iop *iop;
	struct args a;
	int rc;

	rc = parse_args(argc, argv, A_PLAT | A_JSON, &a);
	if (rc || a.help)
		return rc;
	rc = want_pos(&a, 0, "");
	if (rc)
		return rc;
	rc = load_platform(&a, &plat);
	if (rc)
		return rc;
	iop = calloc(1, sizeof(*iop));
	if (!iop) {
		plat_free(&plat);
		return fail("out of memory");
	}
	iop_probe(iop, a.asls, &plat_ops, &plat, NULL, NULL);
	if (a.json) {
		print_check_json(stdout, iop);
		fputc('\n', stdout);
	} else {
		print_check_text(stdout, iop, "");
	}
	rc = iop->reason == IOP_OK ? 0 : EXIT_REJECTED;
	free(iop);
	plat_free(&plat);
	return rc;
}

const struct cmd cmd_check = {
	.name = "check",
	.run = do_check,
	.help =
		"  check --asls ADDR --mem ADDR:FILE... [--json]\n"
		"      Validate the platform. Exit 0 valid, 1 rejected.\n",
};
