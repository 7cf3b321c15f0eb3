// SPDX-License-Identifier: GPL-2.0
/*
 * model_image.c - build a layout with the userspace platform model
 * (tools/platform.c, the same lib/iop_build.c the simulated firmware
 * module links) and lay it out as the simulated platform's "mem" file
 * addresses it: [0, 8K) the OpRegion, [8K, 8K + RVDS) the extended VBT.
 */
#include <string.h>

#include "platform.h"
#include "model_image.h"

/**
 * model_image() - the platform model's image of @layout for a VBT blob
 * @layout: a layout name (plat_layout_names)
 * @blob: the VBT blob, @len bytes
 * @len: its length
 * @ext_pa: where the simulated firmware placed a 2.0 extended VBT: the
 *	absolute RVDA, the one byte range that depends on placement, is
 *	set to it after checking the model wrote its own placement there
 * @out: the image, @size bytes
 * @size: room in @out
 *
 * Return: the image's length, 0 when the model refuses the blob in this
 * layout, -1 on an unknown layout, a short @out or an unexpected RVDA.
 */
long model_image(const char *layout, const unsigned char *blob, size_t len,
		 unsigned long long ext_pa, unsigned char *out, size_t size)
{
	struct platform plat;
	const char *err;
	long n = -1;
	u32 rvds;
	u64 rvda;
	u8 *op;
	int l;

	for (l = 0; l < PLAT_NR_LAYOUTS; l++)
		if (!strcmp(layout, plat_layout_names[l]))
			break;
	if (l == PLAT_NR_LAYOUTS)
		return -1;
	if (plat_build(&plat, l, blob, len, &err))
		return 0;
	op = plat_ptr(&plat, plat.asls, OPREGION_SIZE);
	rvda = get_unaligned_le64(op + OPREGION_OFF(asle.rvda));
	rvds = get_unaligned_le32(op + OPREGION_OFF(asle.rvds));
	if (l == PLAT_20_ABSOLUTE) {
		if (rvda != PLAT_EXT_VBT_PA)
			goto out;
		put_unaligned_le64(ext_pa, op + OPREGION_OFF(asle.rvda));
	} else {
		rvda += plat.asls;
	}
	if (OPREGION_SIZE + (size_t)rvds > size)
		goto out;
	memcpy(out, op, OPREGION_SIZE);
	if (rvds) {
		u8 *ext = plat_ptr(&plat, rvda, rvds);

		if (!ext)
			goto out;
		memcpy(out + OPREGION_SIZE, ext, rvds);
	}
	n = OPREGION_SIZE + rvds;
out:
	plat_free(&plat);
	return n;
}
