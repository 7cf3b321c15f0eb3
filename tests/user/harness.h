/* SPDX-License-Identifier: GPL-2.0 */
/*
 * harness.h - the userspace unit tests' runner: suites of test functions,
 * cases with assertions, TAP-like output.
 *
 * A test function reports one or more cases: begin(), EXPECT()s, then
 * end("name") prints "ok N - name", or "not ok N - name: line L: detail"
 * with the first failed EXPECT() of the case. Comment lines start with
 * "#". unit_run() runs the suites in order and ends with the line
 * "N passed, N failed" that tests/tiers/unit looks for.
 */
#ifndef UNIT_HARNESS_H
#define UNIT_HARNESS_H

#include "igd_opregion/iop_deps.h"

/* A named list of test functions, run in order; the list ends with NULL. */
struct unit_suite {
	void (*const *tests)(void);
	const char *name;
};

/* Define suite_suite: the suite named "suite" of the test functions given. */
#define UNIT_SUITE(suite, ...)						\
	static void (*const suite##_tests[])(void) = { __VA_ARGS__, NULL };	\
	const struct unit_suite suite##_suite = {			\
		.name = #suite,						\
		.tests = suite##_tests,					\
	}

void begin(void);
void fail_at(int line, const char *fmt, ...) __printf(2, 3);
bool end(const char *fmt, ...) __printf(1, 2);
bool case_failed(void);

/* Record the first failure of the current case; the case goes on. */
#define EXPECT(cond, ...)						\
	do {								\
		if (!(cond))						\
			fail_at(__LINE__, __VA_ARGS__);			\
	} while (0)

int unit_run(const struct unit_suite *const *suites, unsigned int n);

#endif /* UNIT_HARNESS_H */
