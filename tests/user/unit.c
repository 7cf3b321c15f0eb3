// SPDX-License-Identifier: GPL-2.0
/*
 * unit.c - userspace unit tests of the OpRegion proxy engine.
 *
 * Runs the engine (lib/) on the userspace platform model (tools/platform.c)
 * against the shared vectors (tests/iop_vectors.c) and against properties
 * checked here, one suite per area:
 *
 *   table       unit_table.c       the ownership table's own invariants
 *   validation  unit_validation.c  reasons, tolerated problems, map calls
 *   view        unit_view.c        geometry, snapshot, read splits, torn
 *                                  reads, region bounds
 *   ownership   unit_ownership.c   forwarded or refused per class, access
 *                                  vectors, single-access stores
 *   handshake   unit_handshake.c   masked update under a racing firmware,
 *                                  bytes seen only once delivered
 *   events      unit_events.c      change events
 *   session     unit_session.c     open, release and reset
 *
 * on the host of unit_host.c (unit.h) and the runner of harness.c. Built
 * with ASan and UBSan; the platform aborts if the engine touches memory it
 * did not map.
 *
 * Output: "ok N - name" or "not ok N - name: detail" per case, comment
 * lines starting with "#", and the final line "N passed, N failed".
 * Exit status 0 only when every case passed.
 */
#include "unit.h"

static const struct unit_suite *const suites[] = {
	&table_suite,
	&validation_suite,
	&view_suite,
	&ownership_suite,
	&handshake_suite,
	&events_suite,
	&session_suite,
};

int main(void)
{
	return unit_run(suites, ARRAY_SIZE(suites));
}
