// SPDX-License-Identifier: GPL-2.0
/*
 * opregionctl.c - inspect, validate and drive an IGD OpRegion through the
 * proxy engine from userspace: the usage text and the command table.
 *
 * The tool runs the very lib/ sources the kernel module builds, on the
 * userspace platform model of tools/platform.c: a platform is the ASLS value
 * plus memory chunks placed at physical addresses, each filled from a file.
 * Each command is a file, tools/cmd_<name>.c, and a line in
 * tools/commands.h; common.c parses the command line and loads the
 * platform, print.c holds the printers the commands share. usage()
 * documents the commands, the replay script language and every JSON format.
 *
 * Contract: every number, file and script line from the command line is
 * checked before it is used. Bad input ends with a message on stderr and
 * exit status 2, never with a crash; exit status 1 means the platform was
 * rejected by validation (or a demo check failed); 0 means success.
 */
#include <string.h>

#include "opregionctl.h"

#define OPREGIONCTL_CMD(name)	(&cmd_##name),
static const struct cmd *const commands[] = {
#include "commands.h"
};

#undef OPREGIONCTL_CMD

static const char *const usage_head =
"Usage: opregionctl COMMAND [OPTIONS]\n"
"\n"
"Inspect, validate and drive an Intel IGD OpRegion through the\n"
"igd-opregion-proxy engine (the same lib/ code the kernel module runs) on a\n"
"userspace model of the host's physical memory.\n"
"\n"
"A platform is the ASLS value plus memory chunks at physical addresses:\n"
"  --asls ADDR        physical address of the OpRegion (the IGD's ASLS)\n"
"  --mem [TYPE@]ADDR:FILE\n"
"                     a chunk at ADDR holding FILE's bytes; repeat for each\n"
"                     chunk (at most 8, each at most 16 MiB, no overlaps).\n"
"                     TYPE is what the host's memory map says it is:\n"
"                     reserved (default) or nvs, memory the firmware owns,\n"
"                     or ram, System RAM the host kernel manages, which is\n"
"                     never mapped (not_firmware_memory)\n"
"ADDR, OFF, LEN and PHYSADDR are 0x-prefixed hex or decimal.\n"
"\n"
"Commands:\n";

/* The replay script language and the JSON formats */
static const char *const usage_tail =
"\n"
"Replay script (at most 16 MiB): one command per line; '#' starts a comment,\n"
"blank lines are skipped. The whole script is parsed before anything runs: a\n"
"malformed line is reported with its line number and text, exit 2.\n"
"  open                        iop_open(): snapshot the driver-owned state\n"
"  release                     iop_release(): restore it\n"
"  read OFF LEN                guest read of the view\n"
"  write OFF HEXBYTES          guest write of the view; bytes in memory order\n"
"                              (\"01000000\" writes 1 to a 32-bit field)\n"
"  fw-write PHYSADDR HEXBYTES  firmware stores to physical memory directly\n"
"  fw-read PHYSADDR LEN        firmware reads physical memory\n"
"\n"
"JSON formats (numbers are decimal; values and addresses are hex strings):\n"
"  check --json, one line:\n"
"    {\"ok\": true, \"reason\": null, \"host_version\": \"2.0\",\n"
"     \"view_version\": \"2.1\", \"view_size\": 16896,\n"
"     \"vbt\": {\"where\": \"extended\", \"size\": 8701}, \"tolerated\": []}\n"
"    tolerated: the names of the problems the view is served despite\n"
"    (vbt size 0: no valid VBT, only the mailboxes are served).\n"
"    reason is the failure's name when rejected (e.g. \"vbt_unmappable\");\n"
"    what validation did not establish is then null. where: \"mailbox4\" or\n"
"    \"extended\"; size: the VBT header's vbt_size.\n"
"  replay: the first line is the check object, then one line per command:\n"
"    {\"line\": 3, \"op\": \"write\", \"off\": 768, \"len\": 4,\n"
"     \"data\": \"01000000\", \"result\": 4, \"events\": [{\"kind\": \"forward\",\n"
"     \"field\": \"ARDY\", \"class\": \"driver\", \"off\": 768, \"len\": 4,\n"
"     \"old\": \"0x0\", \"new\": \"0x1\"}]}\n"
"    line    script line number\n"
"    op      open, release, read, write, fw-write or fw-read\n"
"    off     view offset (read, write); fw-* have \"pa\", a hex string\n"
"    len     bytes asked for (read, fw-read) or given (write, fw-write)\n"
"    data    hex bytes read (read, fw-read) or given (write, fw-write)\n"
"    result  bytes done (read and write: short when clamped at the end of\n"
"            the view), 0 for open and release; a negative errno, with\n"
"            \"error\": \"EINVAL\" (offset at or past the end of the view) or\n"
"            \"EFAULT\" (fw-* range not inside one memory chunk)\n"
"    events  coherency events in the order the engine reported them, each\n"
"            with kind, field (table row), class, off, len, \"index\" for\n"
"            array elements, and old/new except for refused:\n"
"              forward    a guest write reached physical memory\n"
"              fw-change  a value changed underneath since it was last seen\n"
"              refused    guest bytes not written (off, len: those bytes)\n"
"              restore    release restored a driver-owned value\n"
"    release adds \"refused\": {\"FIELD\": writes refused since open}.\n"
"  decode --json, one object:\n"
"    {\"file\", \"file_size\", \"appended\": bytes after the 8 KiB,\n"
"     \"header\": {\"signature\", \"size_kib\", \"version\": \"2.0.0\", \"major\",\n"
"       \"minor\", \"revision\", \"mboxes\": \"0x1f\", \"mailboxes\": [names],\n"
"       \"reserved_mbox_bits\": \"0x0\"},\n"
"     \"rvda\", \"rvda_kind\": \"absolute\"|\"relative\", \"rvds\" (null without),\n"
"     \"validation\": check object, \"probe_asls\", \"notes\": [text],\n"
"     \"fields\": [{\"name\", \"offset\", \"size\", \"width\", \"class\", \"kind\",\n"
"       \"value\"}]}\n"
"    kind scalar: value \"0x..\"; array: [\"0x..\", ...]; string: the text up to\n"
"    its first NUL; bytes: hex string; vbt: {\"signature\", \"version\",\n"
"    \"vbt_size\", \"bdb_offset\", \"bdb_version\"} or null if no $VBT there.\n"
"  doctor --json, one object:\n"
"    {\"root\", \"kernel\": {\"release\", \"version\": \"6.12\", \"supported\",\n"
"       \"range\": {\"min\", \"max\", \"source\"}, \"advice\"},\n"
"     \"qemu\": {\"path\", \"version\", \"x_igd_opregion\", \"x_igd_opregion_live\",\n"
"       \"error\", \"advice\"},\n"
"     \"proxmox\": null or {\"qemu_server\", \"driver_keep_supported\", \"advice\"},\n"
"     \"devices\": [{\"address\", \"vendor\", \"device\", \"class\": \"0x030000\",\n"
"       \"driver\", \"driver_advice\", \"config_bytes\", \"asls\", \"source\":\n"
"       \"debugfs\"|\"devmem\", \"debugfs\", \"memory\" (/proc/iomem), \"notes\",\n"
"       \"error\": {\"name\", \"text\"},\n"
"       \"igd_vfio_pci\": {\"status\": \"exposed\"|\"rejected\"|\"unknown\",\n"
"         \"check\": check object, \"advice\"},\n"
"       \"upstream\": {\"kernel\", \"status\": \"exposed\"|\"none\"|\"open_fails\"|\n"
"         \"unknown\", \"why\", \"read_only\", \"view_version\", \"view_size\",\n"
"         \"vbt\": {\"where\", \"pa\"}},\n"
"       \"proxmox\": null or [{\"vm\", \"key\", \"mapping\", \"driver_keep\",\n"
"         \"advice\"}]}],\n"
"     \"summary\": {\"devices\", \"exposed\", \"rejected\", \"unknown\", \"more\"},\n"
"     \"exit\"}\n"
"    A finding that is not known is null; advice is null when nothing is\n"
"    missing. error names: config_unreadable, config_truncated,\n"
"    devmem_denied, devmem_unreadable, devmem_outside, devmem_read_error.\n"
"\n"
"Exit status: 0 success, 1 platform rejected or demo check failed,\n"
"2 usage or input error; doctor: 3 no Intel display device, 4 an\n"
"OpRegion could not be read.\n";

/**
 * usage() - print the help: every command, the script language, the formats
 * @out: where to
 */
void usage(FILE *out)
{
	unsigned int i;

	fputs(usage_head, out);
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fputs(commands[i]->help, out);
	fputs(usage_tail, out);
}

int main(int argc, char **argv)
{
	const struct cmd *cmd = NULL;
	unsigned int i;
	int rc;

	if (argc < 2)
		return usage_fail("no command given");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(argv[1], commands[i]->name))
			cmd = commands[i];
	if (!cmd)
		return usage_fail("unknown command '%s'", argv[1]);
	rc = cmd->run(argc - 1, argv + 1);
	if (fflush(stdout) || ferror(stdout))
		return fail("write error on stdout");
	return rc;
}
