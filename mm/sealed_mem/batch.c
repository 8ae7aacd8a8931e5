// SPDX-License-Identifier: GPL-2.0
/*
 * sealed_mem: sealing.  See Documentation/mm/sealed_mem.rst.
 *
 * This file owns what an architecture provides (the generic versions seal
 * nothing) and the work done with it: the boot-time batch, which seals
 * every registered region at late_initcall_sync, after every
 * late_initcall, and a region registered after it, sealed at once.  The
 * registry is kept sorted, so adjacent regions coalesce into ranges; each
 * range goes to the architecture once, which splits as few large
 * linear-map pages as the regions allow, and the batch ends with a single
 * TLB flush.  Sealing is best effort: where the architecture cannot change its
 * linear map, a region is recorded as unsupported and stays writable and
 * intact.
 */

#define pr_fmt(fmt) "sealed_mem: " fmt

#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/pgtable.h>
#include <linux/timekeeping.h>
#include <linux/vmalloc.h>
#include <asm/tlbflush.h>
#include <kunit/static_stub.h>
#include <kunit/visibility.h>

#include "sealed_mem.h"

/**
 * arch_sealed_mem_protect() - make part of the linear map read-only
 * @start: first byte, page aligned, in the linear map
 * @end: byte after the last one, page aligned
 *
 * Clears write permission for [@start, @end) in the linear map and in any
 * other kernel alias of the same pages the architecture knows about,
 * without flushing the TLB: the core flushes once for the whole batch
 * with arch_sealed_mem_flush().  A large page that the range covers whole
 * keeps its size; one it covers in part is split.  On failure the range
 * must be left writable, as it was: the core records the region as
 * writable and intact.
 *
 * This generic version cannot do that and leaves the memory writable.
 *
 * Return: 0 on success, -EOPNOTSUPP where the linear map cannot be changed
 * here, or another -errno.
 */
int __weak arch_sealed_mem_protect(unsigned long start, unsigned long end)
{
	return -EOPNOTSUPP;
}

/**
 * arch_sealed_mem_flush() - flush the TLB after a batch of protections
 * @start: lowest address protected by the batch
 * @end: end of the highest range protected by the batch
 *
 * Called once after one or more successful arch_sealed_mem_protect()
 * calls; it must leave no writable translation, on any CPU, of any range
 * protected since the last flush.  This generic version flushes
 * [@start, @end) with flush_tlb_kernel_range(); an architecture whose
 * protect also changes aliases outside the linear map overrides it.
 */
void __weak arch_sealed_mem_flush(unsigned long start, unsigned long end)
{
	flush_tlb_kernel_range(start, end);
}

/**
 * arch_sealed_mem_lookup() - how the linear map maps an address
 * @addr: an address in the linear map
 * @size: set to the size in bytes of the leaf mapping @addr: PAGE_SIZE,
 *	PMD_SIZE or PUD_SIZE
 *
 * Read back by the audit, and before and after sealing a range to count
 * the large pages it split.
 *
 * Return: 1 if @addr is mapped read-only, 0 if it is writable, -EFAULT if
 * it is not mapped, -EOPNOTSUPP if the architecture cannot tell (this
 * generic version).
 */
int __weak arch_sealed_mem_lookup(unsigned long addr, unsigned long *size)
{
	return -EOPNOTSUPP;
}

/*
 * The indirection lets the KUnit test replace the architecture with a
 * static stub; without CONFIG_KUNIT it compiles away.
 */
VISIBLE_IF_KUNIT int sealed_mem_arch_protect(unsigned long start,
					     unsigned long end)
{
	KUNIT_STATIC_STUB_REDIRECT(sealed_mem_arch_protect, start, end);
	return arch_sealed_mem_protect(start, end);
}

/* Size of the leaf mapping @addr in the linear map, or 0 if unknown. */
unsigned long sealed_mem_leaf_size(unsigned long addr)
{
	unsigned long size;

	return arch_sealed_mem_lookup(addr, &size) < 0 ? 0 : size;
}

/* Registered and waiting for sealed_mem to seal it through the arch. */
static bool region_waits(const struct sealed_mem_region *region)
{
	return region->state == SEALED_MEM_PENDING &&
	       region->method == SEALED_MEM_BY_ARCH;
}

static void sealed_mem_set_state(struct sealed_mem_region *region, int err)
{
	region->err = err;
	if (!err)
		region->state = SEALED_MEM_SEALED;
	else if (err == -EOPNOTSUPP)
		region->state = SEALED_MEM_UNSUPPORTED;
	else
		region->state = SEALED_MEM_FAILED;
}

/*
 * Count the large pages that protecting [@start, @end) split.  Only a leaf
 * that a range covers in part is split, and only at the range's two ends,
 * so the leaf sizes there before (@before) and after tell them: a PUD leaf
 * split, and then the PMD-sized part of it holding the end split again,
 * counts at both levels.  A leaf both ends share is counted once.
 */
static void sealed_mem_count_splits(struct sealed_mem_stats *st,
				    unsigned long start, unsigned long end,
				    const unsigned long before[2])
{
	unsigned long at[2] = { start, end - 1 };
	unsigned long pud = ULONG_MAX, pmd = ULONG_MAX, after;
	int i;

	for (i = 0; i < 2; i++) {
		after = sealed_mem_leaf_size(at[i]);
		if (!before[i] || !after) {
			st->splits_known = false;
			return;
		}
		/* With the PMD level folded, a PUD leaf is a PMD leaf. */
		if (before[i] >= PUD_SIZE && before[i] > PMD_SIZE &&
		    after < PUD_SIZE &&
		    ALIGN_DOWN(at[i], PUD_SIZE) != pud) {
			pud = ALIGN_DOWN(at[i], PUD_SIZE);
			st->splits_pud++;
		}
		if (before[i] >= PMD_SIZE && after < PMD_SIZE &&
		    ALIGN_DOWN(at[i], PMD_SIZE) != pmd) {
			pmd = ALIGN_DOWN(at[i], PMD_SIZE);
			st->splits_pmd++;
		}
	}
}

/*
 * Hand the range [start, end), which starts with @first, to the
 * architecture once; its outcome is kept in @first->err until the range's
 * regions are settled.  The batch counts the splits.
 */
static int sealed_mem_protect_range(struct sealed_mem_registry *reg,
				    struct sealed_mem_region *first,
				    unsigned long start, unsigned long end)
{
	unsigned long before[2] = { };
	int err;

	if (!reg->batch_done && reg->stats.splits_known) {
		before[0] = sealed_mem_leaf_size(start);
		before[1] = sealed_mem_leaf_size(end - 1);
	}
	err = sealed_mem_arch_protect(start, end);
	first->err = err;
	reg->stats.ranges++;
	/* A failure may come after splits, which the undo keeps: count them. */
	if (!reg->batch_done && reg->stats.splits_known)
		sealed_mem_count_splits(&reg->stats, start, end, before);
	if (err && err != -EOPNOTSUPP)
		pr_err("failed to seal %lu KiB from %s: %pe; left writable\n",
		       (end - start) >> 10, first->name, ERR_PTR(err));
	return err;
}

static void sealed_mem_flush(struct sealed_mem_registry *reg,
			     unsigned long start, unsigned long end)
{
	u64 t0 = ktime_get_ns();

	/*
	 * A lazily freed vmalloc alias of a sealed page may still be cached
	 * writable in some TLB: purge those aliases too, as CPA does.
	 */
	vm_unmap_aliases();
	arch_sealed_mem_flush(start, end);
	reg->stats.flushes++;
	reg->stats.flush_ns += ktime_get_ns() - t0;
}

/*
 * Seal @region, registered after the batch, at once, with its own flush.
 * Called with sealed_mem_mutex held.  Returns the outcome.
 */
int sealed_mem_seal_one(struct sealed_mem_registry *reg,
			struct sealed_mem_region *region)
{
	unsigned long end = sealed_mem_region_end(region);
	int err;

	if (reg->disabled) {
		region->state = SEALED_MEM_DISABLED;
		pr_notice("%s: left writable: sealed_mem=off\n", region->name);
		return 0;
	}
	err = sealed_mem_protect_range(reg, region, region->start, end);
	sealed_mem_set_state(region, err);
	if (!err) {
		sealed_mem_flush(reg, region->start, end);
		region->csum = sealed_mem_csum(region);
	} else {
		pr_notice("%s: %s, left writable\n", region->name,
			  sealed_mem_state_name(region->state));
	}
	return err;
}

/**
 * sealed_mem_seal_batch() - seal every pending region of a registry
 * @reg: the registry
 *
 * Walks the regions in address order, merges adjacent ones into ranges,
 * hands each range to the architecture once and flushes the TLB once for
 * all of them.  Later registrations in @reg are sealed at once.
 */
void sealed_mem_seal_batch(struct sealed_mem_registry *reg)
{
	struct sealed_mem_region *region, *first = NULL;
	unsigned long start = 0, end = 0, lo = ULONG_MAX, hi = 0;
	unsigned int count[SEALED_MEM_NR_STATES] = { }, total = 0;
	unsigned long bytes = 0;
	u64 t0 = ktime_get_ns();
	const char *why = NULL;
	int err = 0;

	mutex_lock(&sealed_mem_mutex);
	/*
	 * The references of regions registered before the struct pages were
	 * ready, checked now as later ones are at registration; one that
	 * cannot be pinned is not sealed.
	 */
	list_for_each_entry(region, &reg->regions, node) {
		if (!region_waits(region) || reg->disabled || region->pinned)
			continue;
		err = sealed_mem_check_pages(region->start,
					     sealed_mem_region_end(region), &why);
		if (err) {
			pr_err("%s: cannot be pinned: %s (%pe); left writable\n",
			       region->name, why, ERR_PTR(err));
			sealed_mem_set_state(region, err);
		} else {
			sealed_mem_pin(region);
		}
	}
	err = 0;
	reg->stats.splits_known = IS_ENABLED(CONFIG_ARCH_HAS_SEALED_MEM);

	/*
	 * First the page tables, in one tight pass over the coalesced
	 * ranges, and one flush; the bookkeeping of each region follows.
	 */
	list_for_each_entry(region, &reg->regions, node) {
		if (!region_waits(region) || reg->disabled)
			continue;
		if (first && region->start == end) {
			end = sealed_mem_region_end(region);
			continue;
		}
		if (first && !sealed_mem_protect_range(reg, first, start, end)) {
			lo = min(lo, start);
			hi = max(hi, end);
		}
		first = region;
		start = region->start;
		end = sealed_mem_region_end(region);
	}
	if (first && !sealed_mem_protect_range(reg, first, start, end)) {
		lo = min(lo, start);
		hi = max(hi, end);
	}
	reg->stats.update_ns = ktime_get_ns() - t0;
	if (lo < hi)
		sealed_mem_flush(reg, lo, hi);

	/* Each region takes the outcome of the range it starts or continues. */
	end = 0;
	list_for_each_entry(region, &reg->regions, node) {
		if (!region_waits(region))
			continue;
		if (reg->disabled) {
			region->state = SEALED_MEM_DISABLED;
			continue;
		}
		if (region->start != end)
			err = region->err;
		end = sealed_mem_region_end(region);
		sealed_mem_set_state(region, err);
	}
	reg->batch_done = true;
	reg->stats.batch_ns = ktime_get_ns() - t0;

	/* Checksums for the audit, of the contents as they are now sealed. */
	list_for_each_entry(region, &reg->regions, node) {
		if (region->method == SEALED_MEM_BY_ARCH &&
		    region->state == SEALED_MEM_SEALED)
			region->csum = sealed_mem_csum(region);
	}

	list_for_each_entry(region, &reg->regions, node) {
		if (region->method != SEALED_MEM_BY_ARCH)
			continue;
		count[region->state]++;
		bytes += region->size;
		total++;
	}
	mutex_unlock(&sealed_mem_mutex);

	pr_info("sealed %u of %u regions (%lu KiB) in %u ranges, %u TLB flushes, %llu us\n",
		count[SEALED_MEM_SEALED], total,
		bytes >> 10, reg->stats.ranges, reg->stats.flushes,
		div_u64(reg->stats.batch_ns, NSEC_PER_USEC));
	if (count[SEALED_MEM_UNSUPPORTED])
		pr_notice("%u regions left writable: this kernel cannot change its linear map\n",
			  count[SEALED_MEM_UNSUPPORTED]);
	if (count[SEALED_MEM_FAILED])
		pr_warn("%u regions left writable after a failure\n",
			count[SEALED_MEM_FAILED]);
	if (count[SEALED_MEM_DISABLED])
		pr_notice("%u regions left writable: disabled by sealed_mem=off\n",
			  count[SEALED_MEM_DISABLED]);
}

static int __init seal_all_late_initcall(void)
{
	sealed_mem_pool_close(&sealed_mem_boot_pool, &sealed_mem_registry);
	sealed_mem_seal_batch(&sealed_mem_registry);
	sealed_mem_report_init();
	return 0;
}
late_initcall_sync(seal_all_late_initcall);
