// SPDX-License-Identifier: GPL-2.0
/*
 * realdata.c - build a host platform around one real VBT blob, probe it
 * with the engine and dump the stitched view.
 *
 * Usage: iop-realdata VBT-FILE LAYOUT VIEW-OUT [PHYS-OUT]
 *   LAYOUT is one of plat_layout_names[] (2.0-absolute, 2.1-contiguous,
 *   2.1-separate, mailbox4). PHYS-OUT receives the host's physical 8 KiB
 *   OpRegion, read from the platform model directly (not through the
 *   engine), so a decoder's view of it can be compared with the view's.
 *
 * Prints one line per check, "check NAME ok" or "check NAME FAIL detail",
 * and "info KEY VALUE" lines (view_size, view_ver, vbt_off, vbt_size) that
 * tests/tiers/realdata uses to cut the VBT out of the view for the outside
 * decoders. Exit status 0 only when every check passed. The VBT is taken
 * up to its header's vbt_size, never the file length.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform.h"

static int failures;

static void __printf(3, 4)
check(const char *name, bool ok, const char *fmt, ...)
{
	static const char verb[] = "check";
	va_list ap;

	if (ok) {
		printf("%s %s ok\n", verb, name);
		return;
	}
	failures++;
	printf("%s %s FAIL ", verb, name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static u8 *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	u8 *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END))
		goto out;
	n = ftell(f);
	if (n <= 0 || fseek(f, 0, SEEK_SET))
		goto out;
	buf = malloc(n);
	if (buf && fread(buf, 1, n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	*len = n;
out:
	fclose(f);
	return buf;
}

int main(int argc, char **argv)
{
	struct platform plat;
	enum plat_layout layout;
	const char *err = "";
	size_t len = 0, vbt_size;
	u32 vbt_off, want_size;
	u16 want_ver;
	struct iop *iop;
	u8 *blob, *view;
	FILE *out;

	if (argc != 4 && argc != 5) {
		fprintf(stderr, "usage: %s VBT-FILE LAYOUT VIEW-OUT [PHYS-OUT]\n", argv[0]);
		return 2;
	}
	for (layout = 0; layout < PLAT_NR_LAYOUTS; layout++)
		if (!strcmp(argv[2], plat_layout_names[layout]))
			break;
	if (layout == PLAT_NR_LAYOUTS) {
		fprintf(stderr, "unknown layout %s\n", argv[2]);
		return 2;
	}
	blob = slurp(argv[1], &len);
	vbt_size = blob ? plat_vbt_size(blob, len) : 0;
	check("vbt-header", vbt_size && vbt_size <= len,
	      "no VBT header or vbt_size %zu past the file (%zu bytes)", vbt_size, len);
	if (!vbt_size || vbt_size > len)
		return 1;

	if (plat_build(&plat, layout, blob, vbt_size, &err)) {
		check("build", false, "%s", err);
		return 1;
	}
	iop = calloc(1, sizeof(*iop));
	if (!iop)
		return 1;
	iop_probe(iop, plat.asls, &plat_ops, &plat, NULL, NULL);
	check("probe", iop->reason == IOP_OK, "%s", iop_reason_name(iop->reason));
	if (iop->reason != IOP_OK)
		return 1;

	/* What the view must look like, from the layout alone */
	if (layout == PLAT_MAILBOX4) {
		want_size = OPREGION_SIZE;
		want_ver = OPREGION_VER(2, 0);
		vbt_off = OPREGION_VBT_OFFSET;
	} else {
		want_size = OPREGION_SIZE + ((vbt_size + 511) & ~511U);
		want_ver = OPREGION_VER(2, 1);
		vbt_off = OPREGION_SIZE;
	}
	view = calloc(1, want_size);
	check("geometry", iop->geo.view_size == want_size && iop->geo.vbt_size == vbt_size,
	      "view_size 0x%x vbt_size %u, expected 0x%x %zu", iop->geo.view_size,
	      iop->geo.vbt_size, want_size, vbt_size);
	if (iop->geo.view_size != want_size)
		return 1;
	check("read", iop_read(iop, 0, view, want_size) == want_size, "short read");
	check("header", view[0x17] == want_ver >> 8 && view[0x16] == (want_ver & 0xff) &&
	      get_unaligned_le64(view + OPREGION_OFF(asle.rvda)) ==
	      (layout == PLAT_MAILBOX4 ? 0 : OPREGION_SIZE) &&
	      !memcmp(view, OPREGION_SIGNATURE, OPREGION_SIGNATURE_LEN),
	      "version %u.%u RVDA 0x%llx", view[0x17], view[0x16],
	      (unsigned long long)get_unaligned_le64(view + OPREGION_OFF(asle.rvda)));
	check("vbt-bytes", !memcmp(view + vbt_off, blob, vbt_size),
	      "the view's VBT differs from the blob's first %zu bytes", vbt_size);

	out = fopen(argv[3], "wb");
	check("dump", out && fwrite(view, 1, want_size, out) == want_size &&
	      !fclose(out), "cannot write %s", argv[3]);
	if (argc == 5) {
		u8 phys[OPREGION_SIZE];

		out = NULL;
		if (!plat_fw_read(&plat, plat.asls, phys, sizeof(phys)))
			out = fopen(argv[4], "wb");
		check("dump-phys", out && fwrite(phys, 1, sizeof(phys), out) == sizeof(phys) &&
		      !fclose(out), "cannot write %s", argv[4]);
	}
	printf("info view_size %u\n", want_size);
	printf("info view_ver %u.%u\n", want_ver >> 8, want_ver & 0xff);
	printf("info vbt_off %u\n", vbt_off);
	printf("info vbt_size %zu\n", vbt_size);
	free(view);
	free(iop);
	free(blob);
	plat_free(&plat);
	return failures ? 1 : 0;
}
