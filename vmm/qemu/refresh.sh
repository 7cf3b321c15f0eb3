#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# refresh.sh VERSION - regenerate vmm/qemu/VERSION/*.patch from the commits
# on top of igd-base in the tree scripts/qemu-build.sh made
# ($IGD_CACHE/qemu/tree-VERSION), check each with QEMU's own
# scripts/checkpatch.pl and rewrite the series file. For maintainers of the
# series: edit and commit in that tree, then run this.
set -euo pipefail
ver=${1:?usage: refresh.sh VERSION}
here=$(cd "$(dirname "$0")" && pwd)
tree=${IGD_CACHE:-$HOME/.cache/igd-opregion}/qemu/tree-$ver
out=$here/$ver
[[ -d $tree/.git ]] || { echo "refresh.sh: no tree at $tree" >&2; exit 1; }
mkdir -p "$out"
rm -f "$out"/*.patch
git -C "$tree" format-patch -q --no-signature -o "$out" igd-base..HEAD
{
	echo "# Applied in this order by git am (scripts/qemu-build.sh $ver)"
	(cd "$out" && ls ./*.patch | sed 's|^\./||')
} >"$out/series"
rc=0
for p in "$out"/*.patch; do
	"$tree/scripts/checkpatch.pl" -q "$p" || rc=1
done
echo "refresh.sh: $(grep -vc '^#' "$out/series") patches in $out, checkpatch rc $rc"
exit $rc
