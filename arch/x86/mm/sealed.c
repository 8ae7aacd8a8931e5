// SPDX-License-Identifier: GPL-2.0
/*
 * sealed_mem on x86_64: change_page_attr clears write permission in the
 * direct map, under init_mm's mmap read lock as every CPA caller takes it
 * against a concurrent collapse of large pages.  CPA keeps a large page
 * whole when the range covers all of it, and splits it otherwise.  The
 * TLB is flushed once per batch: over the batch's span, or all of it when
 * CPA changed an alias outside the direct map (the kernel high map of a
 * page of the image) and asked for a full flush.  lookup_address() tells
 * the core how the direct map maps an address, for the audit and to count
 * the large pages sealing split.
 */

#include <linux/limits.h>
#include <linux/mm.h>
#include <linux/pgtable.h>
#include <linux/sealed_mem.h>
#include <asm/pgtable_types.h>
#include <asm/set_memory.h>
#include <asm/tlbflush.h>
#include <kunit/static_stub.h>
#include <kunit/visibility.h>

/*
 * CPA asked for a full flush since the last one.  The core calls protect
 * and flush under its mutex; a caller racing it outside (the benchmark
 * does) costs at worst one extra full flush.
 */
static bool sealed_flush_all;

/* The full flush, where KUnit counts them. */
VISIBLE_IF_KUNIT void sealed_mem_flush_tlb_all(void)
{
	KUNIT_STATIC_STUB_REDIRECT(sealed_mem_flush_tlb_all);
	flush_tlb_all();
}

int arch_sealed_mem_protect(unsigned long start, unsigned long end)
{
	unsigned long nr = (end - start) >> PAGE_SHIFT;
	int err;

	if (nr > INT_MAX)
		return -E2BIG;

	err = set_direct_map_ro_noflush(start, nr, true, &sealed_flush_all);
	if (err) {
		/*
		 * Part of the range may be read-only already.  Give write
		 * permission back to all of it: the caller records the
		 * region as writable.  Restoring the old permission needs
		 * no new split, so this does not fail.  The caller does not
		 * flush after a failure; the next flush, if any, covers it.
		 */
		WARN_ON_ONCE(set_direct_map_ro_noflush(start, nr, false,
						       &sealed_flush_all));
	}
	return err;
}

void arch_sealed_mem_flush(unsigned long start, unsigned long end)
{
	if (sealed_flush_all) {
		sealed_flush_all = false;
		sealed_mem_flush_tlb_all();
		return;
	}
	flush_tlb_kernel_range(start, end);
}

int arch_sealed_mem_lookup(unsigned long addr, unsigned long *size)
{
	unsigned int level;
	pte_t *pte;

	pte = lookup_address(addr, &level);
	if (!pte || !pte_present(*pte))
		return -EFAULT;
	*size = page_level_size(level);
	return !pte_write(*pte);
}
