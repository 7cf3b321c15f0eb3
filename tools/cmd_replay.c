// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_replay.c - opregionctl replay: run a script of guest and firmware accesses against the engine
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "opregionctl.h"
#include "print.h"

enum op_kind {
	OP_OPEN,
	OP_RELEASE,
	OP_READ,
	OP_WRITE,
	OP_FW_WRITE,
	OP_FW_READ,
};

static const struct {
	const char *name;
	unsigned int nargs;
	bool hex;		/* second argument is HEXBYTES, not LEN */
	const char *synopsis;
} op_defs[] = {
	[OP_OPEN]	= { "open", 0, false, "open" },
	[OP_RELEASE]	= { "release", 0, false, "release" },
	[OP_READ]	= { "read", 2, false, "read OFF LEN" },
	[OP_WRITE]	= { "write", 2, true, "write OFF HEXBYTES" },
	[OP_FW_WRITE]	= { "fw-write", 2, true, "fw-write PHYSADDR HEXBYTES" },
	[OP_FW_READ]	= { "fw-read", 2, false, "fw-read PHYSADDR LEN" },
};

struct script_op {
	unsigned int line;
	enum op_kind kind;
	u64 addr;		/* OFF or PHYSADDR */
	u64 len;		/* LEN, or bytes in @data */
	u8 *data;
};

struct script {
	struct script_op *ops;
	size_t nr, cap;
};

static void script_free(struct script *s)
{
	size_t i;

	for (i = 0; i < s->nr; i++)
		free(s->ops[i].data);
	free(s->ops);
}

/*
 * Parse one line into @op. Returns 1 for a command, 0 for a blank or
 * comment line, -1 with *why set when the line is malformed.
 */
static int parse_line(char *text, struct script_op *op, const char **why)
{
	char *tok[4], *save = NULL, *t;
	unsigned int ntok = 0, k;

	for (t = strtok_r(text, " \t\r", &save); t; t = strtok_r(NULL, " \t\r", &save)) {
		if (t[0] == '#')
			break;
		if (ntok == ARRAY_SIZE(tok)) {
			*why = "too many arguments";
			return -1;
		}
		tok[ntok++] = t;
	}
	if (!ntok)
		return 0;
	for (k = 0; k < ARRAY_SIZE(op_defs); k++)
		if (!strcmp(tok[0], op_defs[k].name))
			break;
	if (k == ARRAY_SIZE(op_defs)) {
		*why = "unknown command";
		return -1;
	}
	op->kind = k;
	if (ntok - 1 != op_defs[k].nargs) {
		*why = op_defs[k].synopsis;
		return -1;
	}
	if (!op_defs[k].nargs)
		return 1;
	if (!parse_u64(tok[1], &op->addr)) {
		*why = k == OP_READ || k == OP_WRITE ? "bad OFF" : "bad PHYSADDR";
		return -1;
	}
	if (op_defs[k].hex) {
		size_t n;

		if (!parse_hex(tok[2], &op->data, &n)) {
			*why = "HEXBYTES must be pairs of hex digits";
			return -1;
		}
		op->len = n;
	} else if (!parse_u64(tok[2], &op->len)) {
		*why = "bad LEN";
		return -1;
	}
	return 1;
}

/* Quote a script line in an error message, cut short if it is long. */
static void quote_line(const char *text, size_t len)
{
	const size_t max = 160;

	fputc('"', stderr);
	text_bytes(stderr, (const u8 *)text, min(len, max));
	fputs(len > max ? "\"..." : "\"", stderr);
}

/* Parse the whole script (at most MAX_FILE_SIZE bytes) before running any of it. */
static int script_load(const char *path, struct script *s)
{
	const char *name = strcmp(path, "-") ? path : "<stdin>";
	struct script_op op, *nops;
	unsigned int lineno = 0;
	size_t size, pos, len;
	char *text, *copy, *nl;
	const char *why;
	int rc, r;

	memset(s, 0, sizeof(*s));
	rc = strcmp(path, "-") ? read_file(path, (u8 **)&text, &size) :
	     read_fd(STDIN_FILENO, name, (u8 **)&text, &size);
	if (rc)
		return rc;
	for (pos = 0; pos < size && !rc; pos += len + 1) {
		lineno++;
		nl = memchr(text + pos, '\n', size - pos);
		len = nl ? (size_t)(nl - (text + pos)) : size - pos;
		memset(&op, 0, sizeof(op));
		op.line = lineno;
		why = NULL;
		copy = NULL;
		if (memchr(text + pos, '\0', len)) {
			why = "NUL byte in line";
			r = -1;
		} else {
			copy = strndup(text + pos, len);
			if (!copy) {
				rc = fail("out of memory");
				break;
			}
			r = parse_line(copy, &op, &why);
		}
		free(copy);
		if (r < 0) {
			fprintf(stderr, "opregionctl: %s line %u: malformed: %s: ", name,
				lineno, why);
			quote_line(text + pos, len);
			fputc('\n', stderr);
			rc = EXIT_USAGE;
			break;
		}
		if (!r)
			continue;
		if (s->nr == s->cap) {
			size_t ncap = s->cap ? s->cap * 2 : 64;

			nops = realloc(s->ops, ncap * sizeof(*nops));
			if (!nops) {
				free(op.data);
				rc = fail("out of memory");
				break;
			}
			s->ops = nops;
			s->cap = ncap;
		}
		s->ops[s->nr++] = op;
	}
	free(text);
	if (rc)
		script_free(s);
	return rc;
}

static void print_refused_json(FILE *out, const struct iop *iop)
{
	unsigned int i;
	bool first = true;

	fputs(", \"refused\": {", out);
	for (i = 0; i < iop_nr_fields; i++) {
		if (!iop->refused[i])
			continue;
		fprintf(out, "%s\"%s\": %u", first ? "" : ", ", iop_fields[i].name,
			iop->refused[i]);
		first = false;
	}
	fputc('}', out);
}

static void run_op(struct iop *iop, struct platform *plat, struct ev_log *log,
		   const struct script_op *op)
{
	const u64 max_len = MAX_FILE_SIZE;	/* no chunk is larger */
	u8 *buf = NULL;
	ssize_t result = 0;
	size_t i, n = 0;

	log->nr = 0;
	log->lost = false;
	printf("{\"line\": %u, \"op\": \"%s\"", op->line, op_defs[op->kind].name);
	switch (op->kind) {
	case OP_OPEN:
		iop_open(iop);
		break;
	case OP_RELEASE:
		iop_release(iop);
		break;
	case OP_READ:
		/* The engine clamps to the view: a buffer of view_size is enough. */
		n = min_t(u64, op->len, iop->geo.view_size);
		buf = malloc(n ? n : 1);
		result = buf ? iop_read(iop, op->addr, buf, n) : -ENOMEM;
		printf(", \"off\": %llu, \"len\": %llu", (unsigned long long)op->addr,
		       (unsigned long long)op->len);
		break;
	case OP_WRITE:
		result = iop_write(iop, op->addr, op->data, op->len);
		printf(", \"off\": %llu, \"len\": %llu, \"data\": \"",
		       (unsigned long long)op->addr, (unsigned long long)op->len);
		hex_bytes(stdout, op->data, op->len);
		putchar('"');
		break;
	case OP_FW_WRITE:
		result = plat_fw_write(plat, op->addr, op->data, op->len) ? -EFAULT :
			 (ssize_t)op->len;
		printf(", \"pa\": \"0x%llx\", \"len\": %llu, \"data\": \"",
		       (unsigned long long)op->addr, (unsigned long long)op->len);
		hex_bytes(stdout, op->data, op->len);
		putchar('"');
		break;
	case OP_FW_READ:
		n = op->len;
		buf = op->len > max_len ? NULL : malloc(n ? n : 1);
		if (op->len > max_len)
			result = -EFAULT;
		else if (!buf)
			result = -ENOMEM;
		else if (plat_fw_read(plat, op->addr, buf, n))
			result = -EFAULT;
		else
			result = n;
		printf(", \"pa\": \"0x%llx\", \"len\": %llu", (unsigned long long)op->addr,
		       (unsigned long long)op->len);
		break;
	}
	printf(", \"result\": %zd", result);
	if (result < 0)
		printf(", \"error\": \"%s\"", errno_name(-result));
	if ((op->kind == OP_READ || op->kind == OP_FW_READ) && result >= 0) {
		fputs(", \"data\": \"", stdout);
		hex_bytes(stdout, buf, result);
		putchar('"');
	}
	if (op->kind == OP_RELEASE)
		print_refused_json(stdout, iop);
	fputs(", \"events\": [", stdout);
	for (i = 0; i < log->nr; i++) {
		if (i)
			fputs(", ", stdout);
		print_event_json(stdout, &log->ev[i]);
	}
	putchar(']');
	if (log->lost)
		fputs(", \"events_lost\": true", stdout);
	fputs("}\n", stdout);
	free(buf);
}

static int do_replay(int argc, char **argv)
{
	struct ev_log log = { 0 };
	struct platform plat;
	struct script script;
	struct iop *iop;
	struct args a;
	size_t i;
	int rc;

	rc = parse_args(argc, argv, A_PLAT, &a);
	if (rc || a.help)
		return rc;
	rc = want_pos(&a, 1, "SCRIPT");
	if (rc)
		return rc;
	rc = script_load(a.pos[0], &script);
	if (rc)
		return rc;
	rc = load_platform(&a, &plat);
	if (rc) {
		script_free(&script);
		return rc;
	}
	iop = calloc(1, sizeof(*iop));
	if (!iop) {
		rc = fail("out of memory");
		goto out;
	}
	iop_probe(iop, a.asls, &plat_ops, &plat, ev_log_add, &log);
	print_check_json(stdout, iop);
	putchar('\n');
	if (iop->reason != IOP_OK) {
		rc = EXIT_REJECTED;
		goto out;
	}
	for (i = 0; i < script.nr; i++)
		run_op(iop, &plat, &log, &script.ops[i]);
	rc = 0;
out:
	free(log.ev);
	free(iop);
	plat_free(&plat);
	script_free(&script);
	return rc;
}

const struct cmd cmd_replay = {
	.name = "replay",
	.run = do_replay,
	.help =
		"  replay --asls ADDR --mem ADDR:FILE... SCRIPT\n"
		"      Run SCRIPT ('-': stdin) against the engine; one JSON object per line.\n"
		"      Exit 1 (after printing the check object) if the platform is rejected.\n",
};
