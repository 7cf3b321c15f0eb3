// SPDX-License-Identifier: GPL-2.0
/*
 * mkfw.c - write a test firmware's OpRegion image into a fake /dev/mem
 * for opregionctl doctor's tests (tests/tiers/doctor).
 *
 *   mkfw LAYOUT VBT DEVMEM ASLS [EXTPA]
 *
 * LAYOUT is one of lib/iop_build.c's (2.0-absolute, 2.1-contiguous,
 * 2.1-separate, mailbox4); its chunks are written, from the VBT blob,
 * into DEVMEM at their physical addresses: the OpRegion at ASLS, the 2.0
 * absolute extended VBT at EXTPA, the others where the layout puts them
 * relative to ASLS. DEVMEM is created if needed and left sparse; other
 * bytes are kept. Exit 0, or 1 with a message.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "igd_opregion/iop_build.h"

static int die(const char *what)
{
	fprintf(stderr, "mkfw: %s\n", what);
	return 1;
}

int main(int argc, char **argv)
{
	u8 *bufs[IOP_BUILD_MAX_CHUNKS] = { NULL };
	struct iop_build_plan plan;
	unsigned long long asls, ext = 0;
	static u8 blob[1 << 20];
	unsigned int layout, i;
	ssize_t len;
	int fd;

	if (argc < 5 || argc > 6)
		return die("usage: mkfw LAYOUT VBT DEVMEM ASLS [EXTPA]");
	for (layout = 0; layout < IOP_BUILD_NR_LAYOUTS; layout++)
		if (!strcmp(argv[1], iop_build_layout_names[layout]))
			break;
	if (layout == IOP_BUILD_NR_LAYOUTS)
		return die("unknown layout");
	asls = strtoull(argv[4], NULL, 0);
	if (argc == 6)
		ext = strtoull(argv[5], NULL, 0);
	fd = open(argv[2], O_RDONLY);
	if (fd < 0)
		return die(strerror(errno));
	len = read(fd, blob, sizeof(blob));
	close(fd);
	if (len <= 0)
		return die("cannot read the VBT");
	if (iop_build_plan(&plan, layout, blob, len))
		return die("not a VBT, or it does not fit the layout");
	if (plan.chunks[IOP_BUILD_EXT_VBT].absolute && !ext)
		return die("2.0-absolute needs EXTPA");
	for (i = 0; i < plan.nr_chunks; i++) {
		bufs[i] = calloc(1, plan.chunks[i].len);
		if (!bufs[i])
			return die("out of memory");
	}
	iop_build_fill(&plan, bufs, ext, blob);
	fd = open(argv[3], O_WRONLY | O_CREAT, 0644);
	if (fd < 0)
		return die(strerror(errno));
	for (i = 0; i < plan.nr_chunks; i++) {
		unsigned long long pa = plan.chunks[i].absolute ? ext :
					asls + plan.chunks[i].offset;

		if (pwrite(fd, bufs[i], plan.chunks[i].len, pa) != plan.chunks[i].len)
			return die("cannot write DEVMEM");
		free(bufs[i]);
	}
	return close(fd) ? die(strerror(errno)) : 0;
}
