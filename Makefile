# SPDX-License-Identifier: GPL-2.0
#
# sealed_mem: the series on Linux 7.3 and its tooling.  See README.md.
#
#   make run      build the x86_64 kernel, boot it in QEMU, show sealed_mem
#   make test     every test: static checks, KUnit on x86_64/arm64, boots
#   make selftests  the mm selftests, sealed vs sealed_mem=off, both arches,
#                 and the x86_64 hibernation round trip
#   make matrix   build the series' objects in the 6 configurations 0-day
#                 would try (W=1, sparse), the htmldocs, and KUnit on um
#   make bench    benchmark sealing (splits, flushes, time) on 4 machines
#   make bisect   build x86_64 and arm64 at every patch of the series
#   make tree     assemble build/linux (base + series) only
#   make series   write the series as your mail to build/series/ (needs
#                 your git user.name and user.email; signs off as you)
#   make clean    remove build/ (the base tree, object trees, logs)
#
# LINUX_SRC=/path/to/linux-7.3.tar.xz (or a tree) overrides the base.

.PHONY: run test selftests matrix bench bisect tree series clean

run:
	@bash tooling/run.sh

test:
	@bash tooling/test.sh

selftests:
	@STEPS="tree kunit-x86_64 mm-selftests-x86_64 hibernate-x86_64 kunit-arm64 mm-selftests-arm64" \
		bash tooling/test.sh

matrix:
	@STEPS="tree matrix htmldocs kunit-um" bash tooling/test.sh

bench:
	@bash tooling/bench.sh

bisect: tree
	@bash tooling/check.sh bisect

tree:
	@bash tooling/tree.sh

series: tree
	@bash tooling/check.sh export && echo "series written to build/series/"

clean:
	rm -rf build
