// SPDX-License-Identifier: GPL-2.0
/*
 * opregionctl.c - inspect, validate and drive an IGD OpRegion through the
 * proxy engine from userspace.
 *
 * The tool runs the very lib/ sources the kernel module builds, on the
 * userspace platform model of tools/platform.c: a platform is the ASLS value
 * plus memory chunks placed at physical addresses, each filled from a file.
 * Commands: decode, check, view, replay, demo, table; usage() documents
 * them, the replay script language and every JSON format.
 *
 * Contract: every number, file and script line from the command line is
 * checked before it is used. Bad input ends with a message on stderr and
 * exit status 2, never with a crash; exit status 1 means the platform was
 * rejected by validation (or a demo check failed); 0 means success.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "platform.h"

#define EXIT_REJECTED	1
#define EXIT_USAGE	2

/* Large enough for any OpRegion plus a 64 KiB extended VBT, many times over */
#define MAX_FILE_SIZE	(16U << 20)

#define DEMO_VBT	"tests/data/vbt/adl-p_google-kano.vbt"

static const char *const usage_text =
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
"Commands:\n"
"  decode FILE [--json]\n"
"      Decode an OpRegion image: 8 KiB, optionally followed by an appended\n"
"      extended VBT (as in a 2.1 view written by 'view'). Prints the header,\n"
"      RVDA/RVDS and each field that applies to the image's version and\n"
"      mailbox bitmap, with its ownership class and value, and the result of\n"
"      validating a platform made of the file: the OpRegion at ASLS\n"
"      0x7a5c3000 (moved clear of a 2.0 RVDA), the appended bytes at RVDA.\n"
"      Exit 0 whether or not the image is valid.\n"
"  check --asls ADDR --mem ADDR:FILE... [--json]\n"
"      Validate the platform. Exit 0 valid, 1 rejected.\n"
"  view --asls ADDR --mem ADDR:FILE... -o OUT\n"
"      Write the stitched view the guest reads ('-o -': stdout).\n"
"      Exit 1 if the platform is rejected.\n"
"  replay --asls ADDR --mem ADDR:FILE... SCRIPT\n"
"      Run SCRIPT ('-': stdin) against the engine; one JSON object per line.\n"
"      Exit 1 (after printing the check object) if the platform is rejected.\n"
"  demo [--vbt FILE]\n"
"      Narrated i915 and firmware session on a built-in 2.0 platform whose\n"
"      extended VBT is FILE (default " DEMO_VBT ").\n"
"      Exit 1 if any expected physical value is wrong.\n"
"  table [--rst]\n"
"      Print the ownership table; --rst prints Documentation/ownership.rst.\n"
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
"\n"
"Exit status: 0 success, 1 platform rejected or demo check failed,\n"
"2 usage or input error.\n";

static const char *const mbox_names[] = {
	"ACPI", "SWSCI", "ASLE", "VBT", "ASLE_EXT", "BACKLIGHT",
};
static_assert(MBOX_KNOWN == (1U << ARRAY_SIZE(mbox_names)) - 1);

#define REASON_TEXT(sym, name, text) \
	[sym] = text,
static const char *const reason_text[IOP_NR_REASONS] = {
	IOP_REASONS(REASON_TEXT, REASON_TEXT)
};

#define EV_KIND_NAME(sym, name) \
	[sym] = name,
static const char *const ev_kind_names[IOP_NR_EVENT_KINDS] = {
	IOP_EVENT_KINDS(EV_KIND_NAME, EV_KIND_NAME)
};

/* ------------------------------------------------------------------ */
/* Errors, numbers, files */

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int fail(const char *fmt, ...)
{
	va_list ap;

	fputs("opregionctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

static int usage_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("opregionctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'opregionctl --help'.\n", stderr);
	return EXIT_USAGE;
}

/*
 * 0x-prefixed hex or decimal, the whole string, no sign, no spaces, no
 * overflow. strtoull() alone accepts "-1", " 1" and "0x0x1"; a leading 0 is
 * decimal here, never octal.
 */
static bool parse_u64(const char *s, u64 *out)
{
	const char *p;
	unsigned long long v;
	char *end;
	int base = 10;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return false;
	for (p = s; *p; p++) {
		bool digit = *p >= '0' && *p <= '9';
		bool hex = (*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F');

		if (!digit && !(base == 16 && hex))
			return false;
	}
	errno = 0;
	v = strtoull(s, &end, base);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Pairs of hex digits, at least one byte. */
static bool parse_hex(const char *s, u8 **out, size_t *len)
{
	size_t n = strlen(s), i;
	u8 *buf;

	if (!n || n % 2)
		return false;
	for (i = 0; i < n; i++)
		if (hexval(s[i]) < 0)
			return false;
	buf = malloc(n / 2);
	if (!buf)
		return false;
	for (i = 0; i < n / 2; i++)
		buf[i] = hexval(s[2 * i]) << 4 | hexval(s[2 * i + 1]);
	*out = buf;
	*len = n / 2;
	return true;
}

/* Read all of @fd, at most MAX_FILE_SIZE bytes; pipes work too. */
static int read_fd(int fd, const char *name, u8 **data, size_t *len)
{
	size_t cap = 0, n = 0;
	u8 *buf = NULL, *nbuf;
	struct stat st;
	ssize_t r;

	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode))
		return fail("%s: is a directory", name);
	for (;;) {
		if (n == cap) {
			if (cap > MAX_FILE_SIZE) {
				fail("%s: larger than %u MiB", name, MAX_FILE_SIZE >> 20);
				goto err;
			}
			cap = cap ? min_t(size_t, cap * 2, MAX_FILE_SIZE + 1) : 65536;
			nbuf = realloc(buf, cap);
			if (!nbuf) {
				fail("%s: out of memory", name);
				goto err;
			}
			buf = nbuf;
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			fail("%s: %s", name, strerror(errno));
			goto err;
		}
		if (!r)
			break;
		n += r;
	}
	*data = buf;
	*len = n;
	return 0;
err:
	free(buf);
	return EXIT_USAGE;
}

static int read_file(const char *path, u8 **data, size_t *len)
{
	int fd, rc;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return fail("%s: %s", path, strerror(errno));
	rc = read_fd(fd, path, data, len);
	close(fd);
	return rc;
}

static const char *errno_name(int err)
{
	switch (err) {
	case EINVAL:
		return "EINVAL";
	case EFAULT:
		return "EFAULT";
	case ENOMEM:
		return "ENOMEM";
	default:
		return "EUNKNOWN";
	}
}

static const char *reason_desc(enum iop_reason reason)
{
	if ((unsigned int)reason < IOP_NR_REASONS && reason_text[reason])
		return reason_text[reason];
	return iop_reason_name(reason);
}

static const char *ev_kind_name(enum iop_event_kind kind)
{
	if ((unsigned int)kind < ARRAY_SIZE(ev_kind_names))
		return ev_kind_names[kind];
	return "unknown";
}

static const char *mbox_name(u32 bit)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(mbox_names); i++)
		if (bit == 1U << i)
			return mbox_names[i];
	return "?";
}

static const char *vbt_where_name(u8 where)
{
	return where == IOP_VBT_EXTENDED ? "extended" : "mailbox4";
}

static int find_row(const char *name)
{
	unsigned int i;

	for (i = 0; i < iop_nr_fields; i++)
		if (!strcmp(iop_fields[i].name, name))
			return i;
	return -1;
}

/* ------------------------------------------------------------------ */
/* Output helpers */

/* JSON string of raw bytes: printable ASCII as is, anything else \u00XX. */
static void json_bytes(FILE *out, const u8 *p, size_t n)
{
	size_t i;

	fputc('"', out);
	for (i = 0; i < n; i++) {
		if (p[i] == '"' || p[i] == '\\')
			fprintf(out, "\\%c", p[i]);
		else if (p[i] >= 0x20 && p[i] < 0x7f)
			fputc(p[i], out);
		else
			fprintf(out, "\\u%04x", p[i]);
	}
	fputc('"', out);
}

static void json_str(FILE *out, const char *s)
{
	json_bytes(out, (const u8 *)s, strlen(s));
}

/* Printable text: C escapes for anything that is not printable ASCII. */
static void text_bytes(FILE *out, const u8 *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] == '"' || p[i] == '\\')
			fprintf(out, "\\%c", p[i]);
		else if (p[i] >= 0x20 && p[i] < 0x7f)
			fputc(p[i], out);
		else
			fprintf(out, "\\x%02x", p[i]);
	}
}

static void hex_bytes(FILE *out, const u8 *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(out, "%02x", p[i]);
}

static void print_ver(FILE *out, u16 ver)
{
	fprintf(out, "%u.%u", ver >> 8, ver & 0xff);
}

/* ------------------------------------------------------------------ */
/* Arguments and platforms */

enum {
	OPT_ASLS = 256,
	OPT_MEM,
	OPT_JSON,
	OPT_RST,
	OPT_VBT,
	OPT_OUT = 'o',
	OPT_HELP = 'h',
};

/* What a command accepts */
#define A_PLAT	BIT(0)
#define A_JSON	BIT(1)
#define A_OUT	BIT(2)
#define A_RST	BIT(3)
#define A_VBT	BIT(4)

#define MAX_POS	4

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
	unsigned int nr_pos;
	const char *pos[MAX_POS];
};

static int parse_mem(struct args *a, const char *arg)
{
	enum plat_mem_type type = PLAT_MEM_RESERVED;
	const char *colon = strchr(arg, ':');
	const char *at = strchr(arg, '@');
	const char *spec = arg;
	char *addr;
	bool ok;
	u64 pa;

	/* TYPE@ADDR:FILE: an address never holds '@', a file name may. */
	if (at && (!colon || at < colon)) {
		for (type = 0; type < PLAT_NR_MEM_TYPES; type++)
			if (strlen(plat_mem_type_names[type]) == (size_t)(at - arg) &&
			    !strncmp(arg, plat_mem_type_names[type], at - arg))
				break;
		if (type == PLAT_NR_MEM_TYPES)
			return usage_fail("--mem '%s': bad memory type '%.*s' (reserved, nvs or ram)",
					  spec, (int)(at - arg), arg);
		arg = at + 1;
	}
	if (!colon)
		return usage_fail("--mem '%s': expected ADDR:FILE or TYPE@ADDR:FILE", spec);
	addr = strndup(arg, colon - arg);
	if (!addr)
		return fail("out of memory");
	ok = parse_u64(addr, &pa);
	free(addr);
	if (!ok)
		return usage_fail("--mem '%s': bad address '%.*s'", spec,
				  (int)(colon - arg), arg);
	if (!colon[1])
		return usage_fail("--mem '%s': no file name", spec);
	if (a->nr_mem == PLAT_MAX_CHUNKS)
		return usage_fail("at most %d --mem chunks", PLAT_MAX_CHUNKS);
	a->mem_pa[a->nr_mem] = pa;
	a->mem_type[a->nr_mem] = type;
	a->mem_path[a->nr_mem] = colon + 1;
	a->nr_mem++;
	return 0;
}

/*
 * The option getopt_long() just returned, as the user spelled it: when its
 * argument was a separate word ("-o out.bin"), that word is argv[optind - 1]
 * and the option the one before.
 */
static const char *opt_token(char **argv, int ind)
{
	if (optarg && ind >= 2 && optarg == argv[ind - 1])
		return argv[ind - 2];
	return argv[ind - 1];
}

/* Length of the option's name in @tok: "--output=x" -> "--output", "-ox" -> "-o" */
static int opt_len(const char *tok)
{
	if (tok[0] == '-' && tok[1] != '-')
		return 2;
	return strcspn(tok, "=");
}

/*
 * argv[0] is the command. Options are accepted anywhere (GNU getopt
 * permutes); an option the command does not take is a usage error.
 */
static int parse_args(int argc, char **argv, unsigned int allowed, struct args *a)
{
	static const struct option longopts[] = {
		{ "asls",	required_argument,	NULL, OPT_ASLS },
		{ "mem",	required_argument,	NULL, OPT_MEM },
		{ "json",	no_argument,		NULL, OPT_JSON },
		{ "rst",	no_argument,		NULL, OPT_RST },
		{ "vbt",	required_argument,	NULL, OPT_VBT },
		{ "output",	required_argument,	NULL, OPT_OUT },
		{ "help",	no_argument,		NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	int c, rc;

	memset(a, 0, sizeof(*a));
	a->cmd = argv[0];
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
		unsigned int need = 0;

		switch (c) {
		case OPT_ASLS:
		case OPT_MEM:
			need = A_PLAT;
			break;
		case OPT_JSON:
			need = A_JSON;
			break;
		case OPT_RST:
			need = A_RST;
			break;
		case OPT_VBT:
			need = A_VBT;
			break;
		case OPT_OUT:
			need = A_OUT;
			break;
		case OPT_HELP:
			a->help = true;
			continue;
		case ':':
			return usage_fail("%s: option '%s' needs an argument", a->cmd,
					  argv[optind - 1]);
		default:
			return usage_fail("%s: unknown option '%s'", a->cmd,
					  argv[optind - 1]);
		}
		if (!(allowed & need))
			return usage_fail("%s: option '%.*s' does not apply", a->cmd,
					  opt_len(opt_token(argv, optind)),
					  opt_token(argv, optind));
		switch (c) {
		case OPT_ASLS:
			if (a->have_asls)
				return usage_fail("%s: --asls given twice", a->cmd);
			if (!parse_u64(optarg, &a->asls))
				return usage_fail("%s: --asls '%s': not a number", a->cmd,
						  optarg);
			a->have_asls = true;
			break;
		case OPT_MEM:
			rc = parse_mem(a, optarg);
			if (rc)
				return rc;
			break;
		case OPT_JSON:
			a->json = true;
			break;
		case OPT_RST:
			a->rst = true;
			break;
		case OPT_VBT:
			a->vbt = optarg;
			break;
		case OPT_OUT:
			a->out = optarg;
			break;
		}
	}
	for (; optind < argc; optind++) {
		if (a->nr_pos == MAX_POS)
			return usage_fail("%s: too many arguments", a->cmd);
		a->pos[a->nr_pos++] = argv[optind];
	}
	/* "CMD --help" parses its options first, so a bad option still fails. */
	if (a->help) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (allowed & A_PLAT) {
		if (!a->have_asls)
			return usage_fail("%s: --asls ADDR is required", a->cmd);
		if (!a->nr_mem)
			return usage_fail("%s: at least one --mem ADDR:FILE is required",
					  a->cmd);
	}
	return 0;
}

static int want_pos(const struct args *a, unsigned int n, const char *what)
{
	if (a->nr_pos < n)
		return usage_fail("%s: missing %s", a->cmd, what);
	if (a->nr_pos > n)
		return usage_fail("%s: unexpected argument '%s'", a->cmd, a->pos[n]);
	return 0;
}

/* Fill a platform from the --mem files; nothing is left allocated on error. */
static int load_platform(const struct args *a, struct platform *plat)
{
	unsigned int i;
	const char *err;
	size_t len;
	u8 *data, *chunk;
	int rc;

	plat_init(plat);
	plat->asls = a->asls;
	for (i = 0; i < a->nr_mem; i++) {
		rc = read_file(a->mem_path[i], &data, &len);
		if (rc)
			goto err;
		if (!len) {
			free(data);
			rc = fail("--mem 0x%llx:%s: file is empty",
				  (unsigned long long)a->mem_pa[i], a->mem_path[i]);
			goto err;
		}
		chunk = plat_add(plat, a->mem_pa[i], len, &err);
		if (!chunk) {
			free(data);
			rc = fail("--mem 0x%llx:%s (%zu bytes): %s",
				  (unsigned long long)a->mem_pa[i], a->mem_path[i],
				  len, err);
			goto err;
		}
		memcpy(chunk, data, len);
		free(data);
		plat_set_type(plat, a->mem_pa[i], a->mem_type[i]);
	}
	return 0;
err:
	plat_free(plat);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Coherency events */

struct ev_log {
	struct iop_event *ev;
	size_t nr, cap;
	bool lost;
};

static void ev_log_add(void *priv, const struct iop_event *ev)
{
	struct ev_log *log = priv;
	struct iop_event *n;
	size_t cap;

	if (log->nr == log->cap) {
		cap = log->cap ? log->cap * 2 : 32;
		n = realloc(log->ev, cap * sizeof(*n));
		if (!n) {
			log->lost = true;
			return;
		}
		log->ev = n;
		log->cap = cap;
	}
	log->ev[log->nr++] = *ev;
}

static bool ev_is_array(const struct iop_event *ev)
{
	return ev->kind != IOP_EV_REFUSED && ev->field->size > ev->field->width;
}

static void print_event_json(FILE *out, const struct iop_event *ev)
{
	const struct iop_field *f = ev->field;

	fprintf(out, "{\"kind\": \"%s\", \"field\": \"%s\", \"class\": \"%s\", "
		"\"off\": %u, \"len\": %u", ev_kind_name(ev->kind), f->name,
		iop_class_name(f->cls), ev->off, ev->len);
	if (ev_is_array(ev))
		fprintf(out, ", \"index\": %u", (ev->off - f->offset) / f->width);
	if (ev->kind != IOP_EV_REFUSED)
		fprintf(out, ", \"old\": \"0x%llx\", \"new\": \"0x%llx\"",
			(unsigned long long)ev->old_val,
			(unsigned long long)ev->new_val);
	fputc('}', out);
}

static void print_event_text(FILE *out, const struct iop_event *ev)
{
	const struct iop_field *f = ev->field;

	fprintf(out, "      event %-9s %s", ev_kind_name(ev->kind), f->name);
	if (ev_is_array(ev))
		fprintf(out, "[%u]", (ev->off - f->offset) / f->width);
	fprintf(out, " (%s) at 0x%x", iop_class_name(f->cls), ev->off);
	if (ev->kind == IOP_EV_REFUSED)
		fprintf(out, ", %u bytes\n", ev->len);
	else
		fprintf(out, ": 0x%llx -> 0x%llx\n", (unsigned long long)ev->old_val,
			(unsigned long long)ev->new_val);
}

/* ------------------------------------------------------------------ */
/* check */

static void print_check_json(FILE *out, const struct iop *iop)
{
	const struct iop_geometry *g = &iop->geo;
	bool ok = iop->reason == IOP_OK;
	unsigned int r, n;

	fprintf(out, "{\"ok\": %s, \"reason\": ", ok ? "true" : "false");
	if (ok)
		fputs("null", out);
	else
		json_str(out, iop_reason_name(iop->reason));
	/* A nonzero host version means validation got as far as reading it. */
	fputs(", \"host_version\": ", out);
	if (g->host_ver) {
		fputc('"', out);
		print_ver(out, g->host_ver);
		fputc('"', out);
	} else {
		fputs("null", out);
	}
	if (ok) {
		fputs(", \"view_version\": \"", out);
		print_ver(out, g->view_ver);
		fprintf(out, "\", \"view_size\": %u, \"vbt\": {\"where\": \"%s\", "
			"\"size\": %u}", g->view_size, vbt_where_name(g->vbt_where),
			g->vbt_size);
	} else {
		fputs(", \"view_version\": null, \"view_size\": null, \"vbt\": null", out);
	}
	fputs(", \"tolerated\": [", out);
	for (r = 0, n = 0; r < IOP_NR_REASONS; r++) {
		if (!(iop->warnings & IOP_WARN(r)))
			continue;
		if (n++)
			fputs(", ", out);
		json_str(out, iop_reason_name(r));
	}
	fputs("]}", out);
}

static void print_check_text(FILE *out, const struct iop *iop, const char *indent)
{
	const struct iop_geometry *g = &iop->geo;
	unsigned int r;

	if (iop->reason == IOP_OK)
		fprintf(out, "%svalid: OpRegion at ASLS 0x%llx\n", indent,
			(unsigned long long)g->asls);
	else
		fprintf(out, "%srejected: %s (%s)\n", indent,
			iop_reason_name(iop->reason), reason_desc(iop->reason));
	fprintf(out, "%s  host version:  ", indent);
	if (g->host_ver)
		print_ver(out, g->host_ver);
	else
		fputs("unknown", out);
	if (g->host_ver && g->mboxes)
		fprintf(out, ", mailboxes 0x%x", g->mboxes);
	fputc('\n', out);
	for (r = 0; r < IOP_NR_REASONS; r++)
		if (iop->warnings & IOP_WARN(r))
			fprintf(out, "%s  tolerated:     %s (%s)\n", indent,
				iop_reason_name(r), reason_desc(r));
	if (iop->reason != IOP_OK)
		return;
	fprintf(out, "%s  view version:  ", indent);
	print_ver(out, g->view_ver);
	fprintf(out, "\n%s  view size:     %u bytes\n", indent, g->view_size);
	if (g->vbt_where == IOP_VBT_EXTENDED)
		fprintf(out, "%s  VBT:           extended, vbt_size %u at 0x%llx "
			"(RVDA 0x%llx, RVDS %u)\n", indent, g->vbt_size,
			(unsigned long long)g->vbt_pa, (unsigned long long)g->rvda,
			g->rvds);
	else
		fprintf(out, "%s  VBT:           mailbox 4, vbt_size %u\n", indent,
			g->vbt_size);
}

static int cmd_check(int argc, char **argv)
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

/* ------------------------------------------------------------------ */
/* view */

static int cmd_view(int argc, char **argv)
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

/* ------------------------------------------------------------------ */
/* replay */

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
		} else if (!(copy = strndup(text + pos, len))) {
			rc = fail("out of memory");
			break;
		} else {
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
		if (op->len > max_len)
			result = -EFAULT;
		else if (!(buf = malloc(n ? n : 1)))
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

static int cmd_replay(int argc, char **argv)
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

/* ------------------------------------------------------------------ */
/* decode */

enum val_kind {
	VK_SCALAR,
	VK_ARRAY,
	VK_STRING,
	VK_BYTES,
	VK_VBT,
};

static const char *const val_kind_names[] = {
	[VK_SCALAR]	= "scalar",
	[VK_ARRAY]	= "array",
	[VK_STRING]	= "string",
	[VK_BYTES]	= "bytes",
	[VK_VBT]	= "vbt",
};

/* How to show a field; the table says who owns it, not how it looks. */
static enum val_kind field_kind(const struct iop_field *f)
{
	static const char *const strings[] = { "SIGN", "SVER", "VVER", "GVER", "DVER" };
	unsigned int i;

	if (!strcmp(f->name, "VBT") || !strcmp(f->name, "RVBT"))
		return VK_VBT;
	for (i = 0; i < ARRAY_SIZE(strings); i++)
		if (!strcmp(f->name, strings[i]))
			return VK_STRING;
	if (f->size == f->width)
		return VK_SCALAR;
	return f->width == 1 ? VK_BYTES : VK_ARRAY;
}

struct image {
	const char *path;
	const u8 *data;
	size_t len;		/* whole file */
	size_t app;		/* bytes after the 8 KiB OpRegion */
	u8 major, minor, revision;
	u16 ver;
	u32 size_kib;
	u32 mboxes;
	bool has_rv;		/* RVDA/RVDS exist: 2.0+ with the ASLE mailbox */
	bool ext;		/* they describe an extended VBT */
	u64 rvda;
	u32 rvds;
};

/* The VBT header fields a reader wants first; NULL-safe for short space. */
struct vbt_info {
	bool valid;
	char sig[21];
	u16 version, header_size, vbt_size;
	u32 bdb_offset;
	bool has_bdb;
	u16 bdb_version;
};

static struct vbt_info vbt_info(const u8 *p, size_t space)
{
	struct vbt_info v = { 0 };
	size_t n;

	if (space < sizeof(struct vbt_header) || memcmp(p, "$VBT", 4))
		return v;
	v.valid = true;
	memcpy(v.sig, p, 20);
	for (n = 20; n && (v.sig[n - 1] == ' ' || !v.sig[n - 1]); n--)
		v.sig[n - 1] = '\0';
	v.version = get_unaligned_le16(p + offsetof(struct vbt_header, version));
	v.header_size = get_unaligned_le16(p + offsetof(struct vbt_header, header_size));
	v.vbt_size = get_unaligned_le16(p + offsetof(struct vbt_header, vbt_size));
	v.bdb_offset = get_unaligned_le32(p + offsetof(struct vbt_header, bdb_offset));
	if (v.bdb_offset <= space && space - v.bdb_offset >= sizeof(struct bdb_header) &&
	    !memcmp(p + v.bdb_offset, "BIOS_DATA_BLOCK", 15)) {
		v.has_bdb = true;
		v.bdb_version = get_unaligned_le16(p + v.bdb_offset +
						   offsetof(struct bdb_header, version));
	}
	return v;
}

/* Bytes of the VBT a field shows, and how many of them the file holds. */
static const u8 *vbt_bytes(const struct image *img, const struct iop_field *f,
			   size_t *space)
{
	if (f->offset >= OPREGION_SIZE) {
		*space = img->app;
		return img->data + OPREGION_SIZE;
	}
	/* As the engine: without mailbox 5 a VBT may run into its area. */
	*space = (img->mboxes & MBOX_ASLE_EXT) ? OPREGION_VBT_SIZE :
		 OPREGION_SIZE - OPREGION_VBT_OFFSET;
	return img->data + f->offset;
}

static void image_parse(struct image *img)
{
	const u8 *p = img->data;

	img->app = img->len - OPREGION_SIZE;
	img->size_kib = get_unaligned_le32(p + OPREGION_OFF(header.size));
	img->major = p[OPREGION_OFF(header.over.major)];
	img->minor = p[OPREGION_OFF(header.over.minor)];
	img->revision = p[OPREGION_OFF(header.over.revision)];
	img->ver = OPREGION_VER(img->major, img->minor);
	img->mboxes = get_unaligned_le32(p + OPREGION_OFF(header.mboxes));
	/* The engine's rule: RVDA/RVDS exist from 2.0 in the ASLE mailbox. */
	img->has_rv = img->ver >= OPREGION_VER(2, 0) && (img->mboxes & MBOX_ASLE);
	if (img->has_rv) {
		img->rvda = get_unaligned_le64(p + OPREGION_OFF(asle.rvda));
		img->rvds = get_unaligned_le32(p + OPREGION_OFF(asle.rvds));
		img->ext = img->rvda && img->rvds;
	}
}

#define MAX_NOTES	4

struct decode_probe {
	struct platform plat;
	struct iop *iop;
	u64 asls;
	unsigned int nr_notes;
	char notes[MAX_NOTES][160];
};

static void note(struct decode_probe *dp, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void note(struct decode_probe *dp, const char *fmt, ...)
{
	va_list ap;

	if (dp->nr_notes == MAX_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(dp->notes[dp->nr_notes++], sizeof(dp->notes[0]), fmt, ap);
	va_end(ap);
}

/*
 * Validate the image the way a host would present it: the 8 KiB at an ASLS
 * and the appended bytes where RVDA says the extended VBT is. A 2.0 RVDA is
 * an absolute address the file cannot vouch for, so the ASLS is moved out
 * of its way rather than reporting an overlap the real host may not have.
 */
static int decode_validate(const struct image *img, struct decode_probe *dp)
{
	const u64 vbt_len = img->app;
	const char *err;
	u64 pa = 0, end;
	bool place = false;
	u8 *chunk;

	plat_init(&dp->plat);
	dp->asls = PLAT_ASLS;
	if (img->ext && !img->app) {
		note(dp, "the extended VBT (RVDS %u bytes at %s RVDA 0x%llx) is not in this file",
		     img->rvds, img->ver >= OPREGION_VER(2, 1) ? "relative" : "absolute",
		     (unsigned long long)img->rvda);
	} else if (img->ext && img->ver >= OPREGION_VER(2, 1)) {
		place = img->rvda >= OPREGION_SIZE &&
			!check_add_overflow(dp->asls, img->rvda, &pa);
	} else if (img->ext) {
		pa = img->rvda;
		place = true;
		if (check_add_overflow(pa, vbt_len, &end)) {
			place = false;
			note(dp, "RVDA 0x%llx plus the %zu appended bytes overflows 64 bits",
			     (unsigned long long)pa, img->app);
		}
		else if (pa < dp->asls + OPREGION_SIZE && end > dp->asls)
			dp->asls = end + 0xfff < end ? 0x1000 : (end + 0xfff) & ~0xfffULL;
	} else if (img->app) {
		note(dp, "%zu bytes after the OpRegion are not an extended VBT: RVDA/RVDS "
		     "do not describe one", img->app);
	}
	if (place && img->app < img->rvds)
		note(dp, "the file holds %zu bytes after the OpRegion, RVDS says %u",
		     img->app, img->rvds);

	chunk = plat_add(&dp->plat, dp->asls, OPREGION_SIZE, &err);
	if (!chunk)
		return fail("decode: cannot place the OpRegion: %s", err);
	memcpy(chunk, img->data, OPREGION_SIZE);
	if (place) {
		chunk = plat_add(&dp->plat, pa, vbt_len, &err);
		if (chunk)
			memcpy(chunk, img->data + OPREGION_SIZE, vbt_len);
		else
			note(dp, "cannot place the appended VBT at 0x%llx: %s",
			     (unsigned long long)pa, err);
	}
	dp->iop = calloc(1, sizeof(*dp->iop));
	if (!dp->iop)
		return fail("out of memory");
	iop_probe(dp->iop, dp->asls, &plat_ops, &dp->plat, NULL, NULL);
	return 0;
}

static void mbox_list_json(FILE *out, u32 mboxes)
{
	unsigned int i;
	bool first = true;

	fputc('[', out);
	for (i = 0; i < ARRAY_SIZE(mbox_names); i++) {
		if (!(mboxes & (1U << i)))
			continue;
		fprintf(out, "%s\"%s\"", first ? "" : ", ", mbox_names[i]);
		first = false;
	}
	fputc(']', out);
}

static void mbox_list_text(FILE *out, u32 mboxes)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(mbox_names); i++)
		if (mboxes & (1U << i))
			fprintf(out, " %s", mbox_names[i]);
	if (mboxes & ~MBOX_KNOWN)
		fprintf(out, " reserved:0x%x", mboxes & ~MBOX_KNOWN);
}

/* A string field: its bytes up to the first NUL. */
static size_t str_len(const u8 *p, size_t size)
{
	const u8 *nul = memchr(p, 0, size);

	return nul ? (size_t)(nul - p) : size;
}

static bool all_zero(const u8 *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

static void field_value_json(FILE *out, const struct image *img,
			     const struct iop_field *f)
{
	const u8 *p = img->data + f->offset;
	struct vbt_info v;
	unsigned int i;
	const u8 *vbt;
	size_t space;

	switch (field_kind(f)) {
	case VK_SCALAR:
		fprintf(out, "\"0x%llx\"", (unsigned long long)iop_get_le(p, f->width));
		break;
	case VK_ARRAY:
		fputc('[', out);
		for (i = 0; i < f->size / f->width; i++)
			fprintf(out, "%s\"0x%llx\"", i ? ", " : "",
				(unsigned long long)iop_get_le(p + i * f->width, f->width));
		fputc(']', out);
		break;
	case VK_STRING:
		json_bytes(out, p, str_len(p, f->size));
		break;
	case VK_BYTES:
		fputc('"', out);
		hex_bytes(out, p, f->size);
		fputc('"', out);
		break;
	case VK_VBT:
		vbt = vbt_bytes(img, f, &space);
		v = vbt_info(vbt, space);
		if (!v.valid) {
			fputs("null", out);
			break;
		}
		fputs("{\"signature\": ", out);
		json_str(out, v.sig);
		fprintf(out, ", \"version\": %u, \"vbt_size\": %u, \"bdb_offset\": %u, "
			"\"bdb_version\": ", v.version, v.vbt_size, v.bdb_offset);
		if (v.has_bdb)
			fprintf(out, "%u}", v.bdb_version);
		else
			fputs("null}", out);
		break;
	}
}

static void field_value_text(FILE *out, const struct image *img,
			     const struct iop_field *f)
{
	const u8 *p = img->data + f->offset;
	struct vbt_info v;
	unsigned int i;
	const u8 *vbt;
	size_t space;

	switch (field_kind(f)) {
	case VK_SCALAR:
		fprintf(out, "0x%llx", (unsigned long long)iop_get_le(p, f->width));
		break;
	case VK_ARRAY:
		fputc('[', out);
		for (i = 0; i < f->size / f->width; i++)
			fprintf(out, "%s0x%llx", i ? " " : "",
				(unsigned long long)iop_get_le(p + i * f->width, f->width));
		fputc(']', out);
		break;
	case VK_STRING:
		fputc('"', out);
		text_bytes(out, p, str_len(p, f->size));
		fputc('"', out);
		break;
	case VK_BYTES:
		if (all_zero(p, f->size)) {
			fprintf(out, "all %u bytes zero", f->size);
			break;
		}
		for (i = 0; i < f->size; i += 32) {
			fputs(i ? "\n                                  " : "", out);
			hex_bytes(out, p + i, min_t(unsigned int, 32, f->size - i));
		}
		break;
	case VK_VBT:
		vbt = vbt_bytes(img, f, &space);
		v = vbt_info(vbt, space);
		if (!v.valid) {
			fputs(space ? "no VBT signature" : "not in the file", out);
			break;
		}
		fputc('"', out);
		text_bytes(out, (const u8 *)v.sig, strlen(v.sig));
		fprintf(out, "\" version %u, vbt_size %u%s, BDB at %u", v.version,
			v.vbt_size, v.vbt_size > space ? " (runs past its space)" : "",
			v.bdb_offset);
		if (v.has_bdb)
			fprintf(out, ", BDB version %u", v.bdb_version);
		break;
	}
}

/*
 * The rows the engine would use for this image: applicable ones, in table
 * order, skipping any that would overlap an earlier one (as iop_probe()'s
 * segment builder does). RVBT only when RVDA/RVDS describe an extended VBT.
 */
static bool decode_row(const struct image *img, const struct iop_field *f, u32 *pos)
{
	if (!iop_field_applies(f, img->ver, img->mboxes))
		return false;
	if (f->offset >= OPREGION_SIZE)
		return img->ext;
	if (f->offset < *pos || f->offset + f->size > OPREGION_SIZE)
		return false;
	*pos = f->offset + f->size;
	return true;
}

static void decode_json(FILE *out, const struct image *img, const struct decode_probe *dp)
{
	const u8 *p = img->data;
	unsigned int i;
	bool first = true;
	u32 pos = 0;

	fputs("{\"file\": ", out);
	json_str(out, img->path);
	fprintf(out, ", \"file_size\": %zu, \"appended\": %zu, \"header\": {\"signature\": ",
		img->len, img->app);
	json_bytes(out, p, str_len(p, OPREGION_SIGNATURE_LEN));
	fprintf(out, ", \"size_kib\": %u, \"version\": \"%u.%u.%u\", \"major\": %u, "
		"\"minor\": %u, \"revision\": %u, \"mboxes\": \"0x%x\", \"mailboxes\": ",
		img->size_kib, img->major, img->minor, img->revision, img->major,
		img->minor, img->revision, img->mboxes);
	mbox_list_json(out, img->mboxes);
	fprintf(out, ", \"reserved_mbox_bits\": \"0x%x\"}", img->mboxes & ~MBOX_KNOWN);
	if (img->has_rv)
		fprintf(out, ", \"rvda\": \"0x%llx\", \"rvda_kind\": \"%s\", \"rvds\": %u",
			(unsigned long long)img->rvda,
			img->ver >= OPREGION_VER(2, 1) ? "relative" : "absolute", img->rvds);
	else
		fputs(", \"rvda\": null, \"rvda_kind\": null, \"rvds\": null", out);
	fputs(", \"validation\": ", out);
	print_check_json(out, dp->iop);
	fprintf(out, ", \"probe_asls\": \"0x%llx\", \"notes\": [",
		(unsigned long long)dp->asls);
	for (i = 0; i < dp->nr_notes; i++) {
		fputs(i ? ", " : "", out);
		json_str(out, dp->notes[i]);
	}
	fputs("], \"fields\": [", out);
	for (i = 1; i < iop_nr_fields; i++) {
		const struct iop_field *f = &iop_fields[i];
		u32 size = f->offset >= OPREGION_SIZE ? img->app : f->size;

		if (!decode_row(img, f, &pos))
			continue;
		fprintf(out, "%s{\"name\": \"%s\", \"offset\": %u, \"size\": %u, "
			"\"width\": %u, \"class\": \"%s\", \"kind\": \"%s\", \"value\": ",
			first ? "" : ", ", f->name, f->offset, size, f->width,
			iop_class_name(f->cls), val_kind_names[field_kind(f)]);
		field_value_json(out, img, f);
		fputc('}', out);
		first = false;
	}
	fputs("]}\n", out);
}

static void decode_text(FILE *out, const struct image *img, const struct decode_probe *dp)
{
	const u8 *p = img->data;
	unsigned int i;
	u32 pos = 0;

	fprintf(out, "%s: %zu bytes", img->path, img->len);
	if (img->app)
		fprintf(out, " (8192-byte OpRegion + %zu appended)", img->app);
	fputs("\n\nheader\n  signature   \"", out);
	text_bytes(out, p, str_len(p, OPREGION_SIGNATURE_LEN));
	fprintf(out, "\"\n  SIZE        %u KiB\n  version     %u.%u.%u\n"
		"  mailboxes   0x%x:", img->size_kib, img->major, img->minor,
		img->revision, img->mboxes);
	mbox_list_text(out, img->mboxes);
	fputc('\n', out);
	if (img->has_rv)
		fprintf(out, "  RVDA        0x%llx (%s)\n  RVDS        %u bytes\n",
			(unsigned long long)img->rvda,
			img->ver >= OPREGION_VER(2, 1) ? "relative to the OpRegion" :
			"absolute physical address", img->rvds);
	else
		fputs("  RVDA/RVDS   none (below 2.0 or no ASLE mailbox)\n", out);

	fprintf(out, "\nvalidation, probed with the OpRegion at ASLS 0x%llx\n",
		(unsigned long long)dp->asls);
	print_check_text(out, dp->iop, "  ");
	for (i = 0; i < dp->nr_notes; i++)
		fprintf(out, "  note: %s\n", dp->notes[i]);

	fprintf(out, "\nfields for version %u.%u, mailboxes 0x%x\n"
		"  %-5s %-6s %5s  %-11s %s\n", img->major, img->minor, img->mboxes,
		"NAME", "OFFSET", "SIZE", "CLASS", "VALUE");
	for (i = 1; i < iop_nr_fields; i++) {
		const struct iop_field *f = &iop_fields[i];
		u32 size = f->offset >= OPREGION_SIZE ? img->app : f->size;

		if (!decode_row(img, f, &pos))
			continue;
		fprintf(out, "  %-5s 0x%04x %5u  %-11s ", f->name, f->offset, size,
			iop_class_name(f->cls));
		field_value_text(out, img, f);
		fputc('\n', out);
	}
}

static int cmd_decode(int argc, char **argv)
{
	struct decode_probe dp = { 0 };
	struct image img = { 0 };
	struct args a;
	u8 *data;
	int rc;

	rc = parse_args(argc, argv, A_JSON, &a);
	if (rc || a.help)
		return rc;
	rc = want_pos(&a, 1, "FILE");
	if (rc)
		return rc;
	rc = read_file(a.pos[0], &data, &img.len);
	if (rc)
		return rc;
	if (img.len < OPREGION_SIZE) {
		free(data);
		return fail("%s: %zu bytes, an OpRegion is %u", a.pos[0], img.len,
			    OPREGION_SIZE);
	}
	img.path = a.pos[0];
	img.data = data;
	image_parse(&img);
	rc = decode_validate(&img, &dp);
	if (!rc) {
		if (a.json)
			decode_json(stdout, &img, &dp);
		else
			decode_text(stdout, &img, &dp);
	}
	free(dp.iop);
	plat_free(&dp.plat);
	free(data);
	return rc;
}

/* ------------------------------------------------------------------ */
/* table */

static void ver_str(char *buf, size_t len, u16 ver)
{
	if (ver)
		snprintf(buf, len, "%u.%u", ver >> 8, ver & 0xff);
	else
		snprintf(buf, len, "-");
}

/* The printable cells of one table row */
struct row_cells {
	char offset[8], size[8], width[4], min[8], max[8], fwmask[12];
	const char *mbox;
};

static void row_cells(const struct iop_field *f, unsigned int row, struct row_cells *c)
{
	if (row == IOP_FIELD_RESERVED) {
		strcpy(c->offset, "-");
		strcpy(c->size, "-");
	} else {
		snprintf(c->offset, sizeof(c->offset), "0x%04x", f->offset);
		if (f->size)
			snprintf(c->size, sizeof(c->size), "%u", f->size);
		else
			strcpy(c->size, "RVDS");
	}
	snprintf(c->width, sizeof(c->width), "%u", f->width);
	ver_str(c->min, sizeof(c->min), f->min_ver);
	ver_str(c->max, sizeof(c->max), f->max_ver);
	if (f->fwmask)
		snprintf(c->fwmask, sizeof(c->fwmask), "0x%x", f->fwmask);
	else
		strcpy(c->fwmask, "-");
	c->mbox = f->mbox ? mbox_name(f->mbox) : "-";
}

/* Backslash-escape what reStructuredText would read as markup. */
static void rst_text(FILE *out, const char *s)
{
	/* A lone "-" would start a nested bullet list. */
	if (!strcmp(s, "-")) {
		fputs("\\-", out);
		return;
	}
	for (; *s; s++) {
		if (strchr("\\`*_|", *s))
			fputc('\\', out);
		fputc(*s, out);
	}
}

static void table_rst(FILE *out)
{
	static const char *const heads[] = {
		"Name", "Offset", "Size", "Width", "Class", "Min", "Max",
		"Mailbox", "Fwmask", "Reason",
	};
	unsigned int i, k;

	fputs(".. SPDX-License-Identifier: GPL-2.0\n"
	      "\n"
	      "========================\n"
	      "OpRegion ownership table\n"
	      "========================\n"
	      "\n"
	      "Every byte of the stitched OpRegion view belongs to one row of the\n"
	      "ownership table compiled into the engine (``lib/iop_table.c``). A row\n"
	      "applies to a host when the host's version is at least *Min* and below\n"
	      "*Max* and its *Mailbox* bit is set in the header's MBOX bitmap; bytes no\n"
	      "applicable row claims fall back to the first row (reserved). Guest reads\n"
	      "of firmware, driver and handshake fields return physical memory as it is\n"
	      "now; constant layout fields come from the snapshot taken at validation;\n"
	      "virtualized fields are synthesized for the 2.1 view. Guest writes to\n"
	      "driver fields are forwarded to physical memory at once, writes to\n"
	      "handshake fields are applied with a masked compare-and-exchange that keeps\n"
	      "firmware changes to the *Fwmask* bits the guest has not seen (except\n"
	      "that a guest setting SCIC bit 0 while the firmware has cleared it starts\n"
	      "a new SWSCI request, which replaces the completion whole, read or not), and\n"
	      "writes to every other class are refused and counted. Every element the\n"
	      "firmware writes is read with one access of its width. *Size* is in bytes,\n"
	      "*Width* is the access unit (a field larger than its width is an array),\n"
	      "offsets are within the 8 KiB OpRegion and 0x2000 is the appended extended\n"
	      "VBT.\n"
	      "\n"
	      "This page is generated by ``build/opregionctl table --rst``; do not edit it\n"
	      "by hand.\n"
	      "\n"
	      ".. list-table::\n"
	      "   :header-rows: 1\n"
	      "   :widths: 6 8 6 6 10 5 5 9 7 38\n"
	      "\n", out);
	for (k = 0; k < ARRAY_SIZE(heads); k++)
		fprintf(out, "   %s %s\n", k ? "  -" : "* -", heads[k]);
	for (i = 0; i < iop_nr_fields; i++) {
		const struct iop_field *f = &iop_fields[i];
		const char *cells[ARRAY_SIZE(heads)];
		struct row_cells c;

		row_cells(f, i, &c);
		cells[0] = f->name;
		cells[1] = c.offset;
		cells[2] = c.size;
		cells[3] = c.width;
		cells[4] = iop_class_name(f->cls);
		cells[5] = c.min;
		cells[6] = c.max;
		cells[7] = c.mbox;
		cells[8] = c.fwmask;
		cells[9] = f->why;
		for (k = 0; k < ARRAY_SIZE(heads); k++) {
			fprintf(out, "   %s ", k ? "  -" : "* -");
			rst_text(out, cells[k]);
			fputc('\n', out);
		}
	}
}

static void table_text(FILE *out)
{
	unsigned int i;

	fprintf(out, "%-5s %-6s %5s %5s %-11s %-4s %-4s %-9s %-6s %s\n", "NAME",
		"OFFSET", "SIZE", "WIDTH", "CLASS", "MIN", "MAX", "MAILBOX", "FWMASK",
		"REASON");
	for (i = 0; i < iop_nr_fields; i++) {
		const struct iop_field *f = &iop_fields[i];
		struct row_cells c;

		row_cells(f, i, &c);
		fprintf(out, "%-5s %-6s %5s %5s %-11s %-4s %-4s %-9s %-6s %s\n", f->name,
			c.offset, c.size, c.width, iop_class_name(f->cls), c.min, c.max,
			c.mbox, c.fwmask, f->why);
	}
}

static int cmd_table(int argc, char **argv)
{
	struct args a;
	int rc;

	rc = parse_args(argc, argv, A_RST, &a);
	if (rc || a.help)
		return rc;
	rc = want_pos(&a, 0, "");
	if (rc)
		return rc;
	if (a.rst)
		table_rst(stdout);
	else
		table_text(stdout);
	return 0;
}

/* ------------------------------------------------------------------ */
/* demo */

struct demo {
	struct platform plat;
	struct iop *iop;
	struct ev_log log;
	unsigned int checks, failed;
	u32 race_bits;		/* firmware sets these inside the next cmpxchg */
	u64 race_pa;
};

static void demo_event(void *priv, const struct iop_event *ev)
{
	struct demo *d = priv;

	print_event_text(stdout, ev);
	ev_log_add(&d->log, ev);
}

static void demo_race(struct platform *plat, u64 pa, void *priv)
{
	struct demo *d = priv;
	u32 val;

	if (!d->race_bits || pa != d->race_pa || plat_fw_read(plat, pa, &val, 4))
		return;
	val |= d->race_bits;
	plat_fw_write(plat, pa, &val, 4);
	printf("    firmware, at that very moment, sets 0x%x: physical now 0x%x\n",
	       d->race_bits, val);
	d->race_bits = 0;
}

static void demo_check(struct demo *d, const char *what, u64 got, u64 want)
{
	d->checks++;
	if (got == want) {
		printf("    check %-52s 0x%llx ok\n", what, (unsigned long long)got);
		return;
	}
	d->failed++;
	printf("    check %-52s 0x%llx, want 0x%llx FAILED\n", what,
	       (unsigned long long)got, (unsigned long long)want);
}

static u32 demo_phys32(struct demo *d, u32 off)
{
	u32 val = 0;

	if (plat_fw_read(&d->plat, d->plat.asls + off, &val, 4))
		printf("    (physical 0x%x unreadable)\n", off);
	return val;
}

static void demo_expect_phys(struct demo *d, const char *name, u32 off, u32 want)
{
	char what[96];

	snprintf(what, sizeof(what), "physical %s (0x%llx)", name,
		 (unsigned long long)(d->plat.asls + off));
	demo_check(d, what, demo_phys32(d, off), want);
}

/* How many events of @kind on field @name the last operation reported */
static unsigned int demo_saw(struct demo *d, enum iop_event_kind kind, const char *name)
{
	unsigned int n = 0;
	size_t i;

	for (i = 0; i < d->log.nr; i++)
		if (d->log.ev[i].kind == kind && !strcmp(d->log.ev[i].field->name, name))
			n++;
	return n;
}

static void demo_guest_write(struct demo *d, const char *name, u32 off, u32 val)
{
	u8 buf[4];
	ssize_t n;

	d->log.nr = 0;
	printf("  guest writes %s = 0x%x (view 0x%x)\n", name, val, off);
	put_unaligned_le32(val, buf);
	n = iop_write(d->iop, off, buf, 4);
	if (n != 4)
		demo_check(d, "iop_write() result", n, 4);
}

static u32 demo_guest_read(struct demo *d, const char *name, u32 off)
{
	u8 buf[4] = { 0 };
	ssize_t n;

	d->log.nr = 0;
	printf("  guest reads %s (view 0x%x)\n", name, off);
	n = iop_read(d->iop, off, buf, 4);
	if (n != 4)
		demo_check(d, "iop_read() result", n, 4);
	printf("    = 0x%x\n", get_unaligned_le32(buf));
	return get_unaligned_le32(buf);
}

static void demo_fw_write(struct demo *d, const char *name, u32 off, u32 val)
{
	printf("  firmware writes %s = 0x%x (physical 0x%llx)\n", name, val,
	       (unsigned long long)(d->plat.asls + off));
	if (plat_fw_write(&d->plat, d->plat.asls + off, &val, 4))
		demo_check(d, "firmware write", 1, 0);
}

static void demo_step(const char *title)
{
	printf("\n== %s\n", title);
}

/* Probe and show the stitched geometry of the 2.0 host. */
static void demo_probe(struct demo *d, const u8 *vbt, u32 vbt_size)
{
	const struct iop_geometry *g = &d->iop->geo;
	u8 buf[8] = { 0 };
	u8 *ext;

	demo_step("1. The host: OpRegion 2.0, extended VBT at an absolute RVDA");
	printf("  OpRegion at 0x%llx (8 KiB), extended VBT at 0x%llx (RVDS %u)\n",
	       (unsigned long long)PLAT_ASLS, (unsigned long long)PLAT_EXT_VBT_PA,
	       (vbt_size + 511) & ~511U);
	iop_probe(d->iop, PLAT_ASLS, &plat_ops, &d->plat, demo_event, d);
	print_check_text(stdout, d->iop, "  ");
	demo_check(d, "validation result", d->iop->reason, IOP_OK);
	if (d->iop->reason != IOP_OK)
		return;
	demo_check(d, "view version", g->view_ver, OPREGION_VER(2, 1));
	demo_check(d, "view size", g->view_size, OPREGION_SIZE + ((vbt_size + 511) & ~511U));
	demo_check(d, "VBT is the extended one", g->vbt_where, IOP_VBT_EXTENDED);

	printf("  the guest sees a 2.1 OpRegion with the VBT appended at 0x2000:\n");
	iop_read(d->iop, OPREGION_OFF(header.over), buf, 4);
	demo_check(d, "view OVER major.minor", buf[3] << 8 | buf[2], OPREGION_VER(2, 1));
	demo_check(d, "physical OVER major.minor (untouched)",
		   demo_phys32(d, OPREGION_OFF(header.over)) >> 16, OPREGION_VER(2, 0));
	iop_read(d->iop, OPREGION_OFF(asle.rvda), buf, 8);
	demo_check(d, "view RVDA", get_unaligned_le64(buf), OPREGION_SIZE);
	ext = malloc(vbt_size);
	if (ext) {
		iop_read(d->iop, OPREGION_SIZE, ext, vbt_size);
		demo_check(d, "view bytes 0x2000.. equal the VBT blob",
			   memcmp(ext, vbt, vbt_size), 0);
		free(ext);
	}
}

static void demo_run(struct demo *d)
{
	const u32 level = 128, fw_parm = 0x41f;
	const u32 cblv = ((level * 100 + 254) / 255) | ASLE_CBLV_VALID;
	const u32 gbda_supported = 4 << 1;	/* SWSCI_GBDA_SUPPORTED_CALLS */
	u32 scic, bclp, aslc;
	u8 vbt_before[4], vbt_after[4], junk[4] = { 'J', 'U', 'N', 'K' };
	int row;

	demo_step("2. The guest opens the view; host i915 left ARDY = 0, DRDY = 0");
	demo_expect_phys(d, "ARDY", OPREGION_OFF(asle.ardy), 0);
	demo_expect_phys(d, "DRDY", OPREGION_OFF(acpi.drdy), 0);
	iop_open(d->iop);

	demo_step("3. Guest i915 init (intel_opregion_resume_display)");
	demo_guest_write(d, "CSTS", OPREGION_OFF(acpi.csts), 0);
	demo_guest_write(d, "DRDY", OPREGION_OFF(acpi.drdy), 1);
	demo_guest_write(d, "TCHE", OPREGION_OFF(asle.tche), ASLE_TCHE_BLC_EN);
	demo_guest_write(d, "ARDY", OPREGION_OFF(asle.ardy), ASLE_ARDY_READY);
	demo_guest_write(d, "CHPD", OPREGION_OFF(acpi.chpd), 1);
	demo_expect_phys(d, "CSTS", OPREGION_OFF(acpi.csts), 0);
	demo_expect_phys(d, "DRDY", OPREGION_OFF(acpi.drdy), 1);
	demo_expect_phys(d, "TCHE", OPREGION_OFF(asle.tche), ASLE_TCHE_BLC_EN);
	demo_expect_phys(d, "ARDY", OPREGION_OFF(asle.ardy), ASLE_ARDY_READY);
	demo_expect_phys(d, "CHPD", OPREGION_OFF(acpi.chpd), 1);

	demo_step("4. Firmware: ASLE backlight request (it sees ARDY = 1, TCHE bit 1)");
	demo_fw_write(d, "BCLP", OPREGION_OFF(asle.bclp), level | ASLE_BCLP_VALID);
	demo_fw_write(d, "ASLC", OPREGION_OFF(asle.aslc), ASLC_SET_BACKLIGHT);

	demo_step("5. Guest i915 asle_work: read the request, answer CBLV and ASLC");
	aslc = demo_guest_read(d, "ASLC", OPREGION_OFF(asle.aslc));
	demo_check(d, "guest sees the ASLC backlight request", aslc, ASLC_SET_BACKLIGHT);
	demo_check(d, "fw-change event for ASLC", demo_saw(d, IOP_EV_FW_CHANGE, "ASLC"), 1);
	bclp = demo_guest_read(d, "BCLP", OPREGION_OFF(asle.bclp));
	demo_check(d, "guest sees BCLP", bclp, level | ASLE_BCLP_VALID);
	demo_guest_write(d, "CBLV", OPREGION_OFF(asle.cblv), cblv);
	demo_expect_phys(d, "CBLV", OPREGION_OFF(asle.cblv), cblv);
	printf("  the firmware posts a panel-fitting request (ASLC bit 2) while the\n"
	       "  guest writes its status 0: the masked update must keep it\n");
	d->race_pa = d->plat.asls + OPREGION_OFF(asle.aslc);
	d->race_bits = BIT(2);
	demo_guest_write(d, "ASLC", OPREGION_OFF(asle.aslc), 0);
	demo_expect_phys(d, "ASLC (bit 2 kept)", OPREGION_OFF(asle.aslc),
			 BIT(2));
	aslc = demo_guest_read(d, "ASLC", OPREGION_OFF(asle.aslc));
	demo_check(d, "guest sees the new request", aslc, BIT(2));
	demo_guest_write(d, "ASLC", OPREGION_OFF(asle.aslc), 0);
	demo_expect_phys(d, "ASLC", OPREGION_OFF(asle.aslc), 0);

	demo_step("6. SWSCI round trip: GBDA supported calls");
	scic = demo_guest_read(d, "SCIC", OPREGION_OFF(swsci.scic));
	demo_check(d, "SCIC bit 0 clear: mailbox not busy", scic & SWSCI_SCIC_INDICATOR, 0);
	demo_guest_write(d, "PARM", OPREGION_OFF(swsci.parm), 0);
	demo_guest_write(d, "SCIC", OPREGION_OFF(swsci.scic),
			 gbda_supported | SWSCI_SCIC_INDICATOR);
	demo_expect_phys(d, "SCIC", OPREGION_OFF(swsci.scic),
			 gbda_supported | SWSCI_SCIC_INDICATOR);
	scic = gbda_supported | SWSCI_SCIC_EXIT_STATUS_SUCCESS << SWSCI_SCIC_EXIT_STATUS_SHIFT;
	demo_fw_write(d, "PARM", OPREGION_OFF(swsci.parm), fw_parm);
	demo_fw_write(d, "SCIC", OPREGION_OFF(swsci.scic), scic);
	scic = demo_guest_read(d, "SCIC", OPREGION_OFF(swsci.scic));
	demo_check(d, "SCIC bit 0 cleared by firmware", scic & SWSCI_SCIC_INDICATOR, 0);
	demo_check(d, "SCIC exit status",
		   (scic & SWSCI_SCIC_EXIT_STATUS_MASK) >> SWSCI_SCIC_EXIT_STATUS_SHIFT,
		   SWSCI_SCIC_EXIT_STATUS_SUCCESS);
	demo_check(d, "guest sees PARM result",
		   demo_guest_read(d, "PARM", OPREGION_OFF(swsci.parm)), fw_parm);

	demo_step("7. Refused writes: firmware-owned BCLP and the VBT");
	demo_guest_write(d, "BCLP", OPREGION_OFF(asle.bclp), 0x10 | ASLE_BCLP_VALID);
	demo_check(d, "refused event for BCLP", demo_saw(d, IOP_EV_REFUSED, "BCLP"), 1);
	demo_expect_phys(d, "BCLP (unchanged)", OPREGION_OFF(asle.bclp),
			 level | ASLE_BCLP_VALID);
	row = find_row("BCLP");
	demo_check(d, "refusals counted for BCLP", row < 0 ? 0 : d->iop->refused[row], 1);
	plat_fw_read(&d->plat, PLAT_EXT_VBT_PA, vbt_before, 4);
	d->log.nr = 0;
	printf("  guest writes \"JUNK\" over the extended VBT (view 0x2000)\n");
	iop_write(d->iop, OPREGION_SIZE, junk, 4);
	demo_check(d, "refused event for RVBT", demo_saw(d, IOP_EV_REFUSED, "RVBT"), 1);
	plat_fw_read(&d->plat, PLAT_EXT_VBT_PA, vbt_after, 4);
	demo_check(d, "physical VBT header (unchanged)", memcmp(vbt_before, vbt_after, 4), 0);

	demo_step("8. Release: the host gets its driver-owned state back");
	d->log.nr = 0;
	iop_release(d->iop);
	demo_check(d, "restore event for ARDY", demo_saw(d, IOP_EV_RESTORE, "ARDY"), 1);
	demo_check(d, "restore event for DRDY", demo_saw(d, IOP_EV_RESTORE, "DRDY"), 1);
	demo_expect_phys(d, "ARDY", OPREGION_OFF(asle.ardy), 0);
	demo_expect_phys(d, "DRDY", OPREGION_OFF(acpi.drdy), 0);
	demo_expect_phys(d, "TCHE", OPREGION_OFF(asle.tche), 0);
	demo_expect_phys(d, "CBLV", OPREGION_OFF(asle.cblv), 0);
	demo_expect_phys(d, "BCLP (firmware-owned, kept)", OPREGION_OFF(asle.bclp),
			 level | ASLE_BCLP_VALID);
}

static int cmd_demo(int argc, char **argv)
{
	struct demo d = { 0 };
	const char *path, *err;
	struct args a;
	size_t len, vbt_size;
	u8 *blob;
	int rc;

	rc = parse_args(argc, argv, A_VBT, &a);
	if (rc || a.help)
		return rc;
	rc = want_pos(&a, 0, "");
	if (rc)
		return rc;
	path = a.vbt ? a.vbt : DEMO_VBT;
	rc = read_file(path, &blob, &len);
	if (rc) {
		if (!a.vbt)
			fprintf(stderr, "opregionctl: demo: run from the source tree or "
				"pass --vbt FILE\n");
		return rc;
	}
	vbt_size = plat_vbt_size(blob, len);
	if (!vbt_size || vbt_size > len) {
		free(blob);
		return fail("demo: %s: not a VBT (no $VBT header, or shorter than its "
			    "vbt_size)", path);
	}
	if (plat_build(&d.plat, PLAT_20_ABSOLUTE, blob, vbt_size, &err)) {
		free(blob);
		plat_free(&d.plat);
		return fail("demo: %s: %s", path, err);
	}
	d.iop = calloc(1, sizeof(*d.iop));
	if (!d.iop) {
		free(blob);
		plat_free(&d.plat);
		return fail("out of memory");
	}
	d.plat.race = demo_race;
	d.plat.race_priv = &d;

	printf("opregionctl demo: a 2.0 host whose VBT is too large for mailbox 4,\n"
	       "proxied to a guest as a writable 2.1 OpRegion\n"
	       "VBT: %s (vbt_size %zu)\n", path, vbt_size);
	demo_probe(&d, blob, vbt_size);
	if (d.iop->reason == IOP_OK)
		demo_run(&d);

	printf("\n%u checks, %u failed\n", d.checks, d.failed);
	rc = d.failed ? EXIT_REJECTED : 0;
	free(d.log.ev);
	free(d.iop);
	plat_free(&d.plat);
	free(blob);
	return rc;
}

/* ------------------------------------------------------------------ */

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} commands[] = {
	{ "decode", cmd_decode },
	{ "check", cmd_check },
	{ "view", cmd_view },
	{ "replay", cmd_replay },
	{ "demo", cmd_demo },
	{ "table", cmd_table },
};

int main(int argc, char **argv)
{
	unsigned int i;
	int rc = -1;

	if (argc < 2)
		return usage_fail("no command given");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		fputs(usage_text, stdout);
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(commands); i++) {
		if (strcmp(argv[1], commands[i].name))
			continue;
		rc = commands[i].fn(argc - 1, argv + 1);
		break;
	}
	if (rc < 0)
		return usage_fail("unknown command '%s'", argv[1]);
	if (fflush(stdout) || ferror(stdout))
		return fail("write error on stdout");
	return rc;
}
