# SPDX-License-Identifier: GPL-2.0
#
# Packaging targets, -included by the top-level Makefile:
#   make deb        igd-opregion-proxy-dkms_<version>_all.deb and
#                   opregionctl_<version>_amd64.deb in $(DEB_OUT), built
#                   with dpkg-buildpackage -us -uc -b in a copy of the tree
#                   (the checkout stays as it is); needs
#                   scripts/provision.sh deb
#   make dkms-src DKMS_SRC_DIR=DIR
#                   the sources DKMS builds the production module from:
#                   $(KMOD_SRCS) without the simulated platform and its
#                   OpRegion builder (debian/rules installs them under
#                   /usr/src/igd-opregion-proxy-<version>/)
#
# The copy holds what git would commit: tracked files and untracked ones
# that .gitignore does not name (or everything but build trees outside
# git).

DEB_OUT		:= $(BUILD)/deb
DEB_SRC_OUT	:= $(DEB_OUT)/src
DEB_VERSION	= $(shell dpkg-parsechangelog -l debian/changelog -S Version)
# Test-only sources: without them no configuration of the shipped tree can
# build the simulated platform or give the driver its test hook.
DKMS_SRC_EXCLUDE := /drivers/igd_opregion_sim.c /lib/iop_build.c \
		    /include/igd_opregion/iop_build.h

.PHONY: deb dkms-src

dkms-src:
	@test -n "$(DKMS_SRC_DIR)" || { echo "dkms-src: set DKMS_SRC_DIR"; exit 1; }
	mkdir -p $(DKMS_SRC_DIR)
	rsync -a --chmod=D755,F644 $(KMOD_EXCLUDE) \
		$(addprefix --exclude=,$(DKMS_SRC_EXCLUDE)) \
		$(KMOD_SRCS) $(DKMS_SRC_DIR)/

deb:
	@command -v dpkg-buildpackage >/dev/null && test -d /usr/share/perl5/Debian/Debhelper/Sequence && \
	  test -f /usr/share/perl5/Debian/Debhelper/Sequence/dkms.pm || \
		{ echo "deb: needs debhelper and dh-dkms: run scripts/provision.sh deb"; exit 1; }
	@set -e; ver=$(DEB_VERSION); \
	src=$(DEB_SRC_OUT)/igd-opregion-proxy-$$ver; \
	rm -rf $(DEB_SRC_OUT); mkdir -p $$src; \
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		git ls-files -z --cached --others --exclude-standard | \
		rsync -a --from0 --ignore-missing-args --files-from=- . $$src/; \
	else \
		rsync -a --exclude='/build*' --exclude=/.git . $$src/; \
	fi; \
	log=$(abspath $(DEB_OUT))/build.log; \
	echo "deb: dpkg-buildpackage -us -uc -b in $$src (log: $$log)"; \
	(cd $$src && dpkg-buildpackage -us -uc -b) >$$log 2>&1 || \
		{ tail -n 40 $$log; echo "deb: dpkg-buildpackage failed (log: $$log)"; exit 1; }; \
	rm -f $(DEB_OUT)/*.deb $(DEB_OUT)/*.changes $(DEB_OUT)/*.buildinfo; \
	mv $(DEB_SRC_OUT)/*.deb $(DEB_SRC_OUT)/*.changes $(DEB_SRC_OUT)/*.buildinfo $(DEB_OUT)/; \
	rm -rf $(DEB_SRC_OUT); \
	ls -l $(DEB_OUT)/*.deb
