/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of opregionctl share: the command table's row, argument
 * parsing, platform loading, error exits and the coherency event log.
 *
 * A command is a file, tools/cmd_<name>.c, that defines
 * "const struct cmd cmd_<name>", and its line in tools/commands.h.
 */
#ifndef OPREGIONCTL_H
#define OPREGIONCTL_H

#include <stdio.h>

#include "platform.h"

#define EXIT_REJECTED	1
#define EXIT_USAGE	2

/* Large enough for any OpRegion plus a 64 KiB extended VBT, many times over */
#define MAX_FILE_SIZE	(16U << 20)

/**
 * struct cmd - one command
 * @name: what the user types
 * @run: the command; argv[0] is @name. Returns the exit status.
 * @help: its entry under "Commands:" in --help, "  NAME ARGS\n" then the
 *	description indented by six spaces
 */
struct cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *help;
};

/* Every command of tools/commands.h, cmd_<name> */
#define OPREGIONCTL_CMD(name)	cmd_##name,
extern const struct cmd
#include "commands.h"
	cmd_none;
#undef OPREGIONCTL_CMD

void usage(FILE *out);

int fail(const char *fmt, ...) __printf(1, 2);
int usage_fail(const char *fmt, ...) __printf(1, 2);

bool parse_u64(const char *s, u64 *out);
bool parse_hex(const char *s, u8 **out, size_t *len);
int read_fd(int fd, const char *name, u8 **data, size_t *len);
int read_file(const char *path, u8 **data, size_t *len);
int find_row(const char *name);

/* What a command accepts (parse_args() @allowed) */
#define A_PLAT	BIT(0)		/* --asls ADDR --mem [TYPE@]ADDR:FILE..., required */
#define A_JSON	BIT(1)		/* --json */
#define A_OUT	BIT(2)		/* -o, --output OUT */
#define A_RST	BIT(3)		/* --rst */
#define A_VBT	BIT(4)		/* --vbt FILE */
#define A_ROOT	BIT(5)		/* --root DIR */

#define MAX_POS	4

/**
 * struct args - a command line, parsed
 * @cmd: the command's name
 * @have_asls: --asls was given
 * @asls: its value
 * @nr_mem: number of --mem chunks
 * @mem_pa: each chunk's address
 * @mem_type: each chunk's memory type
 * @mem_path: each chunk's file
 * @json: --json
 * @rst: --rst
 * @help: --help: parse_args() printed the usage, the command returns 0
 * @out: -o OUT, or NULL
 * @vbt: --vbt FILE, or NULL
 * @root: --root DIR, or NULL
 * @nr_pos: number of positional arguments
 * @pos: the positional arguments
 */
struct args {
	const char *cmd;
	bool have_asls;
	u64 asls;
	unsigned int nr_mem;
	u64 mem_pa[PLAT_MAX_CHUNKS];
	enum plat_mem_type mem_type[PLAT_MAX_CHUNKS];
	const char *mem_path[PLAT_MAX_CHUNKS];
	bool json, rst, help;
	const char *out;
	const char *vbt;
	const char *root;
	unsigned int nr_pos;
	const char *pos[MAX_POS];
};

int parse_args(int argc, char **argv, unsigned int allowed, struct args *a);
int want_pos(const struct args *a, unsigned int n, const char *what);
int load_platform(const struct args *a, struct platform *plat);

/**
 * struct ev_log - the coherency events of one operation, in order
 * @ev: the events
 * @nr: number of events
 * @cap: room in @ev
 * @lost: an event could not be stored (out of memory)
 */
struct ev_log {
	struct iop_event *ev;
	size_t nr, cap;
	bool lost;
};

void ev_log_add(void *priv, const struct iop_event *ev);

#endif /* OPREGIONCTL_H */
