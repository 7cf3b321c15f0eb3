// SPDX-License-Identifier: GPL-2.0
/*
 * harness.c - the userspace unit tests' runner (harness.h).
 */
#include <stdarg.h>
#include <stdio.h>

#include "harness.h"

static unsigned int n_case, n_pass, n_fail;
static bool failed;
static char case_msg[512];

void begin(void)
{
	failed = false;
	case_msg[0] = '\0';
}

void fail_at(int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (failed)
		return;
	failed = true;
	n = snprintf(case_msg, sizeof(case_msg), "line %d: ", line);
	va_start(ap, fmt);
	vsnprintf(case_msg + n, sizeof(case_msg) - n, fmt, ap);
	va_end(ap);
}

bool case_failed(void)
{
	return failed;
}

bool end(const char *fmt, ...)
{
	char name[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	n_case++;
	if (failed) {
		n_fail++;
		printf("not ok %u - %s: %s\n", n_case, name, case_msg);
	} else {
		n_pass++;
		printf("ok %u - %s\n", n_case, name);
	}
	return !failed;
}

int unit_run(const struct unit_suite *const *suites, unsigned int n)
{
	void (*const *test)(void);
	unsigned int i;

	/* Line-buffered, so a sanitizer report lands after the last case printed */
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < n; i++) {
		printf("# suite %s\n", suites[i]->name);
		for (test = suites[i]->tests; *test; test++)
			(*test)();
	}
	printf("%u passed, %u failed\n", n_pass, n_fail);
	return n_fail ? 1 : 0;
}
