// SPDX-License-Identifier: GPL-2.0-only
/*
 * sealed_mem on arm64.  The linear map can be changed live where
 * can_set_direct_map() says so: rodata=on (the default), debug_pagealloc,
 * a late KFENCE pool or a realm.  It is then mapped with pages, or, on a
 * CPU with BBML3, with blocks that set_direct_map_ro_noflush() splits live
 * where a range covers one only in part, at the ends of the range; blocks
 * a range covers whole keep their size.  With rodata=noalias the linear
 * map keeps blocks that cannot be split live: set_direct_map_ro_noflush()
 * refuses with -EOPNOTSUPP and the regions are left writable and reported
 * unsupported.
 *
 * The kernel image has a second, kimage alias; sealed_mem refuses what the
 * image still owns, and free_initmem() unmaps the kimage alias of the init
 * memory it gives back, so only the linear alias exists for a sealed
 * region.
 *
 * kernel_page_read_only() tells the core how the linear map maps an
 * address (its permission and leaf size), for the audit and to count the
 * blocks sealing split.  The TLB flush is the generic one.
 */

#include <linux/limits.h>
#include <linux/mm.h>
#include <linux/sealed_mem.h>
#include <asm/set_memory.h>

int arch_sealed_mem_protect(unsigned long start, unsigned long end)
{
	unsigned long nr = (end - start) >> PAGE_SHIFT;

	if (nr > INT_MAX)
		return -E2BIG;

	/*
	 * On failure nothing is left read-only: both ends are split before
	 * the walk changes any permission, a split that fails stops it, and
	 * a walk that fails part way is undone (set_direct_map_ro_noflush()).
	 */
	return set_direct_map_ro_noflush(start, nr, true);
}

int arch_sealed_mem_lookup(unsigned long addr, unsigned long *size)
{
	return kernel_page_read_only(addr, size);
}
