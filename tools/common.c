// SPDX-License-Identifier: GPL-2.0
/*
 * common.c - what every command of opregionctl uses: error exits,
 * numbers, files, the command line and the platform it describes, and
 * the coherency event log.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "opregionctl.h"

int fail(const char *fmt, ...)
{
	va_list ap;

	fputs("opregionctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

int usage_fail(const char *fmt, ...)
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
bool parse_u64(const char *s, u64 *out)
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
bool parse_hex(const char *s, u8 **out, size_t *len)
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
int read_fd(int fd, const char *name, u8 **data, size_t *len)
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

int read_file(const char *path, u8 **data, size_t *len)
{
	int fd, rc;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return fail("%s: %s", path, strerror(errno));
	rc = read_fd(fd, path, data, len);
	close(fd);
	return rc;
}

int find_row(const char *name)
{
	unsigned int i;

	for (i = 0; i < iop_nr_fields; i++)
		if (!strcmp(iop_fields[i].name, name))
			return i;
	return -1;
}

enum {
	OPT_ASLS = 256,
	OPT_MEM,
	OPT_JSON,
	OPT_RST,
	OPT_VBT,
	OPT_ROOT,
	OPT_OUT = 'o',
	OPT_HELP = 'h',
};

static int bad_mem_type(const char *spec, const char *type, int len)
{
	return usage_fail("--mem '%s': bad memory type '%.*s' (reserved, nvs or ram)",
			  spec, len, type);
}

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
			return bad_mem_type(spec, arg, at - arg);
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
int parse_args(int argc, char **argv, unsigned int allowed, struct args *a)
{
	static const struct option longopts[] = {
		{ "asls",	required_argument,	NULL, OPT_ASLS },
		{ "mem",	required_argument,	NULL, OPT_MEM },
		{ "json",	no_argument,		NULL, OPT_JSON },
		{ "rst",	no_argument,		NULL, OPT_RST },
		{ "vbt",	required_argument,	NULL, OPT_VBT },
		{ "root",	required_argument,	NULL, OPT_ROOT },
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
		case OPT_ROOT:
			need = A_ROOT;
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
		case OPT_ROOT:
			a->root = optarg;
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
		usage(stdout);
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

int want_pos(const struct args *a, unsigned int n, const char *what)
{
	if (a->nr_pos < n)
		return usage_fail("%s: missing %s", a->cmd, what);
	if (a->nr_pos > n)
		return usage_fail("%s: unexpected argument '%s'", a->cmd, a->pos[n]);
	return 0;
}

/* Fill a platform from the --mem files; nothing is left allocated on error. */
int load_platform(const struct args *a, struct platform *plat)
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

void ev_log_add(void *priv, const struct iop_event *ev)
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
