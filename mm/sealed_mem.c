// SPDX-License-Identifier: GPL-2.0
/*
 * sealed_mem: make long-lived boot-time allocations read-only in the
 * linear map.
 *
 * Memory that is written once during boot and never again is registered
 * here.  At late_initcall_sync, after every late_initcall, every
 * registered region is sealed in one batch: the registry is kept sorted,
 * so adjacent regions coalesce into ranges, each range goes to the
 * architecture once and the batch ends with a single TLB flush.  That
 * splits as few large linear-map pages as the regions allow.  A region
 * registered after the batch is sealed at once.
 *
 * Sealing is best effort: where the architecture cannot change its linear
 * map, a region is recorded as unsupported and stays writable and intact.
 * sealed_mem=off on the command line turns sealing off altogether.
 *
 * An audit, run once per read of /proc/sealed_mem (at open) and
 * optionally every sealed_mem.audit_interval seconds, checks that every
 * sealed region is still read-only in the page tables and still holds
 * what it held when it was sealed.
 *
 * See Documentation/mm/sealed_mem.rst.
 */

#define pr_fmt(fmt) "sealed_mem: " fmt

#include <linux/export.h>
#include <linux/gfp.h>
#include <linux/hardirq.h>
#include <linux/init.h>
#include <linux/irqflags.h>
#include <linux/kasan.h>
#include <linux/kernel.h>
#include <linux/kmemleak.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/panic.h>
#include <linux/pgtable.h>
#include <linux/proc_fs.h>
#include <linux/rculist.h>
#include <linux/sealed_mem.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>
#include <linux/xxhash.h>
#include <asm/sections.h>
#include <kunit/static_stub.h>
#include <kunit/visibility.h>

/*
 * Internals that the KUnit test and the benchmark use on registries and
 * pools of their own.
 */
#ifdef CONFIG_SEALED_MEM_BENCH
#define SEALED_MEM_INTERNAL
#else
#define SEALED_MEM_INTERNAL VISIBLE_IF_KUNIT
#endif

/* Serialises registration, sealing and lookups of every registry. */
static DEFINE_MUTEX(sealed_mem_mutex);

VISIBLE_IF_KUNIT struct sealed_mem_registry sealed_mem_registry = {
	.regions = LIST_HEAD_INIT(sealed_mem_registry.regions),
};
EXPORT_SYMBOL_IF_KUNIT(sealed_mem_registry);

static int __init sealed_mem_param(char *arg)
{
	if (!arg)
		return -EINVAL;
	if (!strcmp(arg, "off")) {
		sealed_mem_registry.disabled = true;
	} else if (strcmp(arg, "on")) {
		pr_warn("sealed_mem=%s: expected on or off, sealing stays on\n",
			arg);
		return -EINVAL;
	}
	return 0;
}
early_param("sealed_mem", sealed_mem_param);

/* Seconds between two periodic audits; 0: audit only on demand. */
static unsigned int audit_interval;
module_param(audit_interval, uint, 0400);
MODULE_PARM_DESC(audit_interval, "seconds between periodic audits of sealed regions (0: off)");

/**
 * arch_sealed_mem_protect() - make part of the linear map read-only
 * @start: first byte, page aligned, in the linear map
 * @end: byte after the last one, page aligned
 *
 * Clears write permission for [@start, @end) in the linear map and in any
 * other kernel alias of the same pages the architecture knows about,
 * without flushing the TLB: the caller flushes once for the whole batch
 * with arch_sealed_mem_flush().  On failure the range must be left as it
 * was, or read-only, never partly unmapped.
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
 * calls; it must leave no writable translation of any range protected
 * since the last flush on any CPU.
 */
void __weak arch_sealed_mem_flush(unsigned long start, unsigned long end)
{
}

/**
 * arch_sealed_mem_is_ro() - is part of the linear map read-only?
 * @start: first byte, page aligned, in the linear map
 * @end: byte after the last one, page aligned
 *
 * Walks the kernel page tables for the audit.
 *
 * Return: 1 if every page of [@start, @end) is mapped read-only, 0 if some
 * page is writable, -EFAULT if some page is not mapped, -EOPNOTSUPP if the
 * architecture cannot tell (this generic version).
 */
int __weak arch_sealed_mem_is_ro(unsigned long start, unsigned long end)
{
	return -EOPNOTSUPP;
}

/**
 * arch_sealed_mem_large_pages() - count the large pages of the linear map
 * @pmd: set to the number of PMD-sized leaf mappings
 * @pud: set to the number of PUD-sized leaf mappings
 *
 * Read before and after the batch to report the splits it caused.
 *
 * Return: true if the counts were set, false if the architecture does not
 * keep them (this generic version).
 */
bool __weak arch_sealed_mem_large_pages(unsigned long *pmd, unsigned long *pud)
{
	return false;
}

/**
 * arch_sealed_mem_leaf_size() - size of the linear-map page mapping an address
 * @addr: an address in the linear map
 *
 * Lets the benchmark compute, before sealing, how many large pages a set of
 * ranges must split at the least.
 *
 * Return: the size in bytes of the leaf mapping @addr (PAGE_SIZE, or the
 * size of a block or large page), or 0 if @addr is not mapped or the
 * architecture cannot tell (this generic version).
 */
unsigned long __weak arch_sealed_mem_leaf_size(unsigned long addr)
{
	return 0;
}

static const char * const sealed_mem_state_names[SEALED_MEM_NR_STATES] = {
	[SEALED_MEM_PENDING]	 = "pending",
	[SEALED_MEM_SEALED]	 = "sealed",
	[SEALED_MEM_UNSUPPORTED] = "unsupported",
	[SEALED_MEM_FAILED]	 = "failed",
	[SEALED_MEM_DISABLED]	 = "disabled",
	[SEALED_MEM_TAMPERED]	 = "tampered",
	[SEALED_MEM_POISONED]	 = "poisoned",
};

/**
 * sealed_mem_state_name() - printable name of a region state
 * @state: an &enum sealed_mem_state, or a negative value from
 *	sealed_mem_lookup()
 *
 * Return: "pending", "sealed", "unsupported", "failed", "disabled",
 * "tampered", "poisoned", or "unregistered" for anything else.
 */
const char *sealed_mem_state_name(int state)
{
	if (state < 0 || state >= SEALED_MEM_NR_STATES)
		return "unregistered";
	return sealed_mem_state_names[state];
}
EXPORT_SYMBOL_GPL(sealed_mem_state_name);

/**
 * sealed_mem_method_name() - printable name of a sealing method
 * @method: an &enum sealed_mem_method
 *
 * Return: "linear-map" or "rodata".
 */
const char *sealed_mem_method_name(enum sealed_mem_method method)
{
	return method == SEALED_MEM_BY_RODATA ? "rodata" : "linear-map";
}
EXPORT_SYMBOL_GPL(sealed_mem_method_name);

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
EXPORT_SYMBOL_IF_KUNIT(sealed_mem_arch_protect);

static bool region_live(const struct sealed_mem_region *region)
{
	return region->node.next;
}

static unsigned long region_end(const struct sealed_mem_region *region)
{
	return region->start + region->size;
}

/* Its pages carry a reference of the registry's own (sealed_mem_pin()). */
static bool region_pinned(const struct sealed_mem_region *region)
{
	return READ_ONCE(region->pinned);
}

/* Registered and waiting for sealed_mem to seal it through the arch. */
static bool region_waits(const struct sealed_mem_region *region)
{
	return region->state == SEALED_MEM_PENDING &&
	       region->method == SEALED_MEM_BY_ARCH;
}

/* Every page of [start, end) is RAM mapped at this very address. */
static bool in_linear_map(unsigned long start, unsigned long end)
{
	unsigned long addr;

	for (addr = start; addr < end; addr += PAGE_SIZE) {
		if (!virt_addr_valid((void *)addr) ||
		    (unsigned long)__va(__pa(addr)) != addr)
			return false;
	}
	return true;
}

/*
 * Whether the struct pages of allocated memory hold their final counts and
 * flags: mm_core_init() initialises those of memblock allocations, and the
 * slab allocator comes up after it.  Every registration the kernel makes
 * comes later (sealed_mem_register() needs slab, the pool closes at
 * late_initcall_sync); KUnit replaces this to register as if earlier, a
 * case the batch still handles by pinning then.
 */
VISIBLE_IF_KUNIT bool sealed_mem_pages_ready(void)
{
	KUNIT_STATIC_STUB_REDIRECT(sealed_mem_pages_ready);
	return slab_is_available();
}
EXPORT_SYMBOL_IF_KUNIT(sealed_mem_pages_ready);

/* Kernel image memory is protected by the image's own sections. */
static bool overlaps_kernel_image(unsigned long start, unsigned long end)
{
	return start < (unsigned long)_end && end > (unsigned long)_text;
}

static bool in_kernel_image_alias(unsigned long addr)
{
	return __pa(addr) >= __pa_symbol(_text) && __pa(addr) < __pa_symbol(_end);
}

/*
 * The linear alias of memory the kernel image still owns: its pages stay
 * reserved from boot on.  What the image gave back to the page allocator
 * (the init sections once freed, the unused tail of x86's brk) is ordinary
 * memory from then on.  Before the struct pages are initialised the two
 * cannot be told apart, and all of [_text, _end) is refused.
 */
static bool overlaps_kernel_image_alias(unsigned long start,
					unsigned long end)
{
	bool ready = sealed_mem_pages_ready();
	unsigned long addr;

	for (addr = start; addr < end; addr += PAGE_SIZE) {
		if (in_kernel_image_alias(addr) &&
		    (!ready || PageReserved(virt_to_page((void *)addr))))
			return true;
	}
	return false;
}

/* The linear alias of the kernel image's read-only data. */
static bool in_kernel_rodata(unsigned long start, unsigned long end)
{
	return __pa(start) >= __pa_symbol(__start_rodata) &&
	       __pa(end - 1) < __pa_symbol(__end_rodata);
}

/*
 * What the pages are, once their struct pages can tell.  Each must hold a
 * reference of its own, or be part of a folio that does, so that the
 * registry's reference keeps it allocated: a free page, slab memory
 * (kmalloc() included: its pages are frozen, at count 0), or a tail of a
 * non-compound high-order block (split_page() the block, or allocate it
 * with __GFP_COMP) cannot be pinned.  And none may be memory
 * the kernel must be able to move away, ZONE_MOVABLE and CMA: pinned for
 * good, it would make memory offlining retry forever and
 * alloc_contig_range() fail.  memblock allocations have a count, and are
 * reserved for good, which makes them unmovable wherever they lie (with
 * movablecore=, even in ZONE_MOVABLE): sealing them costs nothing more.
 */
static int check_pages(unsigned long start, unsigned long end,
		       const char **why)
{
	unsigned long addr;
	struct folio *folio;
	struct page *page;

	if (!sealed_mem_pages_ready())
		return 0;
	for (addr = start; addr < end; addr += PAGE_SIZE) {
		page = virt_to_page((void *)addr);
		folio = page_folio(page);
		if (!folio_ref_count(folio)) {
			*why = "a page with no reference of its own (free, slab, block tail)";
			return -EINVAL;
		}
		if (!PageReserved(page) && !folio_is_longterm_pinnable(folio)) {
			*why = "movable, CMA or isolated memory, which must stay migratable";
			return -EPERM;
		}
	}
	return 0;
}

/* Checks that need no lock.  Sets *why for the log line on refusal. */
VISIBLE_IF_KUNIT int sealed_mem_check(const struct sealed_mem_region *region,
				      unsigned long start, size_t size,
				      const char *name,
				      enum sealed_mem_method method,
				      const char **why)
{
	if (!region) {
		*why = "NULL descriptor";
		return -EINVAL;
	}
	if (!name || !*name) {
		*why = "no name";
		return -EINVAL;
	}
	if (strnlen(name, SEALED_MEM_NAME_LEN) == SEALED_MEM_NAME_LEN) {
		*why = "name too long";
		return -ENAMETOOLONG;
	}
	if (system_state >= SYSTEM_SCHEDULING &&
	    (in_interrupt() || irqs_disabled())) {
		*why = "atomic context";
		return -EWOULDBLOCK;
	}
	if (!start) {
		*why = "NULL address";
		return -EFAULT;
	}
	if (!size) {
		*why = "zero size";
		return -EINVAL;
	}
	if (!PAGE_ALIGNED(start)) {
		*why = "start not page aligned";
		return -EINVAL;
	}
	if (!PAGE_ALIGNED(size)) {
		*why = "size not page aligned";
		return -EINVAL;
	}
	if (start + size - 1 < start) {
		*why = "range wraps around";
		return -EOVERFLOW;
	}
	if (method == SEALED_MEM_BY_RODATA) {
		if (!in_linear_map(start, start + size) ||
		    !in_kernel_rodata(start, start + size)) {
			*why = "not in the linear alias of the kernel's read-only data";
			return -EINVAL;
		}
		return 0;
	}
	if (overlaps_kernel_image(start, start + size)) {
		*why = "kernel image, use __ro_after_init";
		return -EPERM;
	}
	if (!in_linear_map(start, start + size)) {
		*why = "not in the linear map";
		return -EFAULT;
	}
	if (overlaps_kernel_image_alias(start, start + size)) {
		*why = "linear alias of the kernel image, use __ro_after_init";
		return -EPERM;
	}
	return check_pages(start, start + size, why);
}
EXPORT_SYMBOL_IF_KUNIT(sealed_mem_check);

/*
 * Take a reference on every folio of the region, one per folio, so that
 * the owner putting all of its own can never free the memory.  Its pages
 * passed check_pages().
 */
static void sealed_mem_pin(struct sealed_mem_region *region)
{
	struct folio *folio, *last = NULL;
	unsigned long addr;

	for (addr = region->start; addr < region_end(region);
	     addr += PAGE_SIZE) {
		folio = page_folio(virt_to_page((void *)addr));
		if (folio != last)
			folio_get(folio);
		last = folio;
	}
	WRITE_ONCE(region->pinned, true);
}

/*
 * A page of the region is hardware-poisoned: reading it would consume the
 * error (a fatal machine check on x86).
 */
static bool region_poisoned(const struct sealed_mem_region *region)
{
	unsigned long addr;

	if (!IS_ENABLED(CONFIG_MEMORY_FAILURE))
		return false;
	for (addr = region->start; addr < region_end(region);
	     addr += PAGE_SIZE) {
		if (PageHWPoison(virt_to_page((void *)addr)))
			return true;
	}
	return false;
}

static u64 region_csum(const struct sealed_mem_region *region)
{
	return xxh64((const void *)region->start, region->size, 0);
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
 * Hand the range [start, end), which starts with @first, to the
 * architecture once; its outcome is kept in @first->err until the range's
 * regions are settled.
 */
static int sealed_mem_protect_range(struct sealed_mem_registry *reg,
				    struct sealed_mem_region *first,
				    unsigned long start, unsigned long end)
{
	int err;

	err = sealed_mem_arch_protect(start, end);
	first->err = err;
	reg->stats.ranges++;
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

/**
 * sealed_mem_add() - validate and record a region in a registry
 * @reg: the registry
 * @region: zeroed descriptor, owned by the registry from now on
 * @addr: linear-map address of the first byte
 * @size: length in bytes
 * @name: short name for reports
 * @method: who makes it read-only
 * @owner: return address of the registering caller
 *
 * Context: process context.
 * Return: see sealed_mem_register(); -EINVAL for a NULL @region, -EBUSY
 * for a @region already registered.
 */
SEALED_MEM_INTERNAL int sealed_mem_add(struct sealed_mem_registry *reg,
				       struct sealed_mem_region *region,
				       void *addr, size_t size,
				       const char *name,
				       enum sealed_mem_method method,
				       unsigned long owner)
{
	/* Tag-based KASAN tags page_address(): the registry keeps none. */
	unsigned long start = (unsigned long)kasan_reset_tag(addr);
	unsigned long end = start + size;
	struct sealed_mem_region *pos;
	const char *why = NULL;
	int err;

	err = sealed_mem_check(region, start, size, name, method, &why);
	if (err)
		goto refuse;

	mutex_lock(&sealed_mem_mutex);
	/* Under the lock: two racing registrations of one descriptor. */
	if (region_live(region)) {
		mutex_unlock(&sealed_mem_mutex);
		why = "descriptor already registered";
		err = -EBUSY;
		goto refuse;
	}
	/*
	 * Find the last region that starts below our end, from the top, as
	 * regions tend to come in address order: we go after it, and only
	 * it can overlap us.
	 */
	list_for_each_entry_reverse(pos, &reg->regions, node) {
		if (pos->start < end)
			break;
	}
	if (!list_entry_is_head(pos, &reg->regions, node) &&
	    region_end(pos) > start) {
		mutex_unlock(&sealed_mem_mutex);
		why = "overlaps a registered region";
		err = -EEXIST;
		goto refuse;
	}

	region->start = start;
	region->size = size;
	region->owner = owner;
	region->method = method;
	region->state = SEALED_MEM_PENDING;
	region->err = 0;
	if (method == SEALED_MEM_BY_RODATA) {
		region->state = reg->rodata;
		if (region->state == SEALED_MEM_UNSUPPORTED)
			region->err = -EOPNOTSUPP;
		if (region->state == SEALED_MEM_SEALED)
			region->csum = region_csum(region);
	}
	strscpy(region->name, name);
	/*
	 * The registry owns the memory from now on: take its references at
	 * once, so that a stray free before the batch cannot hand a page to
	 * someone else that the batch would then seal.
	 */
	region->pinned = false;
	if (method == SEALED_MEM_BY_ARCH && !reg->disabled &&
	    sealed_mem_pages_ready())
		sealed_mem_pin(region);
	/* sealed_mem_free_check() walks the list without the mutex. */
	list_add_rcu(&region->node, &pos->node);

	if (reg->batch_done && method == SEALED_MEM_BY_ARCH && reg->disabled) {
		region->state = SEALED_MEM_DISABLED;
		pr_notice("%s: left writable: sealed_mem=off\n", region->name);
	} else if (reg->batch_done && method == SEALED_MEM_BY_ARCH) {
		err = sealed_mem_protect_range(reg, region, start, end);
		sealed_mem_set_state(region, err);
		if (!err) {
			sealed_mem_flush(reg, start, end);
			region->csum = region_csum(region);
		} else {
			pr_notice("%s: %s, left writable\n", region->name,
				  sealed_mem_state_name(region->state));
		}
	}
	mutex_unlock(&sealed_mem_mutex);
	return err;

refuse:
	pr_warn("%pS: refused region '%s' (%zu bytes): %s (%pe)\n",
		(void *)owner, name ?: "(null)", size, why, ERR_PTR(err));
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(sealed_mem_add);

/* The one allocation of the core; KUnit injects its failure here. */
VISIBLE_IF_KUNIT struct sealed_mem_region *sealed_mem_alloc_region(void)
{
	KUNIT_STATIC_STUB_REDIRECT(sealed_mem_alloc_region);
	return kzalloc(sizeof(struct sealed_mem_region), GFP_KERNEL);
}
EXPORT_SYMBOL_IF_KUNIT(sealed_mem_alloc_region);

/**
 * sealed_mem_register() - register a region for sealing
 * @addr: linear-map address of the first byte, page aligned
 * @size: length in bytes, a non-zero multiple of PAGE_SIZE
 * @name: short name for reports, shorter than %SEALED_MEM_NAME_LEN
 *
 * Records [@addr, @addr + @size) for sealing.  The memory must be RAM in
 * the linear map, not movable, not owned by the kernel image, and must
 * never be written, freed or migrated once sealed: the registry takes a
 * reference on each of its folios for good.  Regions registered up to
 * late_initcall are sealed together at late_initcall_sync; a region
 * registered later is sealed at once.  The registry owns what describes
 * the region (and copies @name), so a caller, a module too, keeps nothing
 * the registry relies on.  Before the slab allocator is up, allocate the
 * memory from the sealed pool with sealed_mem_alloc() instead.
 *
 * Refusals leave the registry unchanged and log one line naming the
 * caller.  A region that passes the checks is always recorded, even when
 * sealing it at once fails: it then stays writable and intact and its
 * state says why.
 *
 * Context: process context.  May sleep.
 * Return: 0 if the region was recorded and is sealed or waits for the
 * boot-time batch.  After the batch, the outcome of sealing: -EOPNOTSUPP
 * where the architecture cannot seal it, another -errno if sealing failed.
 * On refusal: -EINVAL for a NULL name, a zero size or an unaligned start
 * or size, or a page with no reference of its own (a free page, slab or
 * kmalloc() memory, a tail of a non-compound block); -ENAMETOOLONG for a
 * long name; -EFAULT for a NULL address or memory outside the linear map;
 * -EOVERFLOW for a range that wraps; -EPERM for the kernel image or the
 * linear alias of what it still owns, and for movable (ZONE_MOVABLE), CMA
 * or isolated memory; -EEXIST for an overlap with a registered region;
 * -EWOULDBLOCK from atomic context; -ENOMEM before the slab allocator is
 * up or if the registry's record of the region could not be allocated.
 */
int sealed_mem_register(void *addr, size_t size, const char *name)
{
	struct sealed_mem_region *region;
	int err;

	region = slab_is_available() ? sealed_mem_alloc_region() : NULL;
	if (!region) {
		pr_warn("%pS: no descriptor for region '%s'%s\n",
			(void *)_RET_IP_, name ?: "(null)",
			slab_is_available() ? "" :
			": before slab, allocate it with sealed_mem_alloc()");
		return -ENOMEM;
	}
	err = sealed_mem_add(&sealed_mem_registry, region, addr, size, name,
			     SEALED_MEM_BY_ARCH, _RET_IP_);
	if (!region_live(region))
		kfree(region);
	return err;
}
EXPORT_SYMBOL_GPL(sealed_mem_register);

/*
 * The sealed pool.  A small table sealed on its own costs a whole page and
 * a split of the large page around it.  The pool packs such tables instead,
 * each aligned to SEALED_MEM_POOL_ALIGN, into a chunk: a naturally aligned
 * block the size of a large page, at most 2 MiB (SEALED_MEM_POOL_CHUNK).
 * Closing the pool registers the used pages of each chunk as one region and
 * gives the unused ones back to the page allocator, so sealing a chunk
 * splits at most the large page that holds it and wastes less than a page.
 */
#define SEALED_MEM_POOL_ALIGN	sizeof(u64)

/* Serialises allocation from and closing of every pool. */
static DEFINE_MUTEX(sealed_mem_pool_mutex);

/* What the kernel's own pool holds; read-only once the kernel has booted. */
static struct sealed_mem_pool_entry sealed_mem_boot_entries[16] __ro_after_init;

VISIBLE_IF_KUNIT struct sealed_mem_pool sealed_mem_boot_pool = {
	.name		= "sealed_pool",
	.entries	= sealed_mem_boot_entries,
	.max_entries	= ARRAY_SIZE(sealed_mem_boot_entries),
};
EXPORT_SYMBOL_IF_KUNIT(sealed_mem_boot_pool);

static int sealed_mem_pool_check(const struct sealed_mem_pool *pool,
				 size_t size, const char *name,
				 const char **why)
{
	if (!name || !*name) {
		*why = "no name";
		return -EINVAL;
	}
	if (strnlen(name, SEALED_MEM_NAME_LEN) == SEALED_MEM_NAME_LEN) {
		*why = "name too long";
		return -ENAMETOOLONG;
	}
	if (!size) {
		*why = "zero size";
		return -EINVAL;
	}
	if (size > SEALED_MEM_POOL_CHUNK) {
		*why = "larger than a pool chunk";
		return -E2BIG;
	}
	if (pool->closed) {
		*why = "the pool is closed, its memory sealed";
		return -EBUSY;
	}
	if (pool->nr_entries == pool->max_entries) {
		*why = "no pool entry left";
		return -ENOSPC;
	}
	return 0;
}

/* Hand out @size bytes of the newest chunk, or NULL if it has no room. */
static void *sealed_mem_pool_carve(struct sealed_mem_pool *pool, size_t size,
				   const char *name, unsigned long owner)
{
	struct sealed_mem_pool_entry *entry;
	struct sealed_mem_pool_chunk *chunk;
	unsigned long offset;

	if (!pool->nr_chunks)
		return NULL;
	chunk = &pool->chunks[pool->nr_chunks - 1];
	offset = ALIGN(chunk->used, SEALED_MEM_POOL_ALIGN);
	if (size > SEALED_MEM_POOL_CHUNK - offset)
		return NULL;
	chunk->used = offset + size;
	entry = &pool->entries[pool->nr_entries++];
	entry->addr = chunk->base + offset;
	entry->size = size;
	entry->owner = owner;
	strscpy(entry->name, name);
	pool->bytes += size;
	return (void *)entry->addr;
}

/*
 * A zeroed chunk: from memblock before the page allocator is up, which is
 * the only time memblock is called, hence __ref.  A chunk from the page
 * allocator is split into pages so that its unused pages can be freed.
 */
static void * __ref sealed_mem_pool_new_chunk(bool *memblock)
{
	struct page *page;

	*memblock = !slab_is_available();
	if (*memblock)
		return memblock_alloc(SEALED_MEM_POOL_CHUNK,
				      SEALED_MEM_POOL_CHUNK);
	page = alloc_pages(GFP_KERNEL | __GFP_ZERO, SEALED_MEM_POOL_ORDER);
	if (!page)
		return NULL;
	split_page(page, SEALED_MEM_POOL_ORDER);
	return page_address(page);
}

/**
 * sealed_mem_pool_alloc() - allocate a table from a pool
 * @pool: the pool
 * @size: length in bytes, at most one chunk
 * @name: short name for reports
 * @owner: return address of the allocating caller
 *
 * Context: process context, or early boot.  May sleep.
 * Return: see sealed_mem_alloc().
 */
SEALED_MEM_INTERNAL void *sealed_mem_pool_alloc(struct sealed_mem_pool *pool,
						size_t size, const char *name,
						unsigned long owner)
{
	struct sealed_mem_pool_chunk *chunk;
	const char *why = NULL;
	void *base, *p;
	bool memblock;
	int err;

	mutex_lock(&sealed_mem_pool_mutex);
	err = sealed_mem_pool_check(pool, size, name, &why);
	if (err)
		goto refuse;
	p = sealed_mem_pool_carve(pool, size, name, owner);
	if (p)
		goto out;
	if (pool->nr_chunks == ARRAY_SIZE(pool->chunks)) {
		why = "every chunk of the pool is full";
		err = -ENOSPC;
		goto refuse;
	}
	base = sealed_mem_pool_new_chunk(&memblock);
	if (!base) {
		why = "no memory for a new chunk";
		err = -ENOMEM;
		goto refuse;
	}
	chunk = &pool->chunks[pool->nr_chunks++];
	chunk->base = (unsigned long)base;
	chunk->memblock = memblock;
	p = sealed_mem_pool_carve(pool, size, name, owner);
out:
	mutex_unlock(&sealed_mem_pool_mutex);
	return p;

refuse:
	mutex_unlock(&sealed_mem_pool_mutex);
	pr_warn("%pS: refused pool table '%s' (%zu bytes): %s (%pe)\n",
		(void *)owner, name ?: "(null)", size, why, ERR_PTR(err));
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(sealed_mem_pool_alloc);

static void sealed_mem_pool_free_tail(const struct sealed_mem_pool_chunk *chunk,
				      unsigned long kept)
{
	unsigned long addr = chunk->base + kept;
	unsigned long end = chunk->base + SEALED_MEM_POOL_CHUNK;

	if (chunk->memblock)
		kmemleak_free_part_phys(__pa(addr), end - addr);
	for (; addr < end; addr += PAGE_SIZE) {
		if (chunk->memblock)
			free_reserved_page(virt_to_page((void *)addr));
		else
			__free_page(virt_to_page((void *)addr));
	}
}

/**
 * sealed_mem_pool_close() - register a pool's tables for sealing
 * @pool: the pool
 * @reg: the registry to register its chunks with
 *
 * Registers the used pages of every chunk of @pool as one region named
 * after the pool, and gives the unused pages of each chunk back to the
 * page allocator.  The pool hands out nothing afterwards.
 *
 * Context: process context, once the page allocator is up.  May sleep.
 * Return: 0, or the first error of sealed_mem_add(); a chunk that could
 * not be registered stays allocated and writable.
 */
SEALED_MEM_INTERNAL int sealed_mem_pool_close(struct sealed_mem_pool *pool,
					      struct sealed_mem_registry *reg)
{
	struct sealed_mem_pool_chunk *chunk;
	unsigned long kept;
	int err, ret = 0;

	mutex_lock(&sealed_mem_pool_mutex);
	pool->closed = true;
	mutex_unlock(&sealed_mem_pool_mutex);

	for (chunk = pool->chunks; chunk < pool->chunks + pool->nr_chunks;
	     chunk++) {
		kept = PAGE_ALIGN(chunk->used);
		err = sealed_mem_add(reg, &chunk->region, (void *)chunk->base,
				     kept, pool->name, SEALED_MEM_BY_ARCH,
				     _RET_IP_);
		if (err && !ret)
			ret = err;
		sealed_mem_pool_free_tail(chunk, kept);
		pool->pages += kept >> PAGE_SHIFT;
		pool->returned += (SEALED_MEM_POOL_CHUNK - kept) >> PAGE_SHIFT;
	}
	if (pool->nr_chunks)
		pr_info("%s: %u tables, %lu bytes in %lu pages of %u chunks; %lu pages returned\n",
			pool->name, pool->nr_entries, pool->bytes, pool->pages,
			pool->nr_chunks, pool->returned);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(sealed_mem_pool_close);

/**
 * sealed_mem_alloc() - allocate a small table to be sealed after boot
 * @size: length in bytes; up to %SEALED_MEM_POOL_CHUNK (a PMD-level large
 *	page, at most 2 MiB)
 * @name: short name for reports, shorter than %SEALED_MEM_NAME_LEN
 *
 * For tables that are written during boot and only read afterwards, too
 * small to deserve pages of their own.  The memory comes from a pool that
 * packs tables into a chunk of the size of a large page; at
 * late_initcall_sync the used pages are sealed with the other regions and
 * the rest of the chunk goes back to the page allocator.  It is never
 * freed.  The table is listed under @name in /proc/sealed_mem and can be
 * found with sealed_mem_find().
 *
 * Context: boot time, from early boot (before the page allocator, through
 * memblock) until the late initcalls.  May sleep once the scheduler runs.
 * Return: zeroed memory aligned to 8 bytes, or NULL with a log line if the
 * pool is closed, @size is 0 or over a chunk, @name is missing or too
 * long, or no memory is left.
 */
void *sealed_mem_alloc(size_t size, const char *name)
{
	return sealed_mem_pool_alloc(&sealed_mem_boot_pool, size, name,
				     _RET_IP_);
}
EXPORT_SYMBOL_GPL(sealed_mem_alloc);

/* The entry of the kernel's pool called @name, or NULL. */
static const struct sealed_mem_pool_entry *sealed_mem_pool_find(const char *name)
{
	const struct sealed_mem_pool *pool = &sealed_mem_boot_pool;
	const struct sealed_mem_pool_entry *entry = NULL;
	unsigned int i;

	mutex_lock(&sealed_mem_pool_mutex);
	for (i = 0; i < pool->nr_entries; i++) {
		if (!strcmp(pool->entries[i].name, name)) {
			entry = &pool->entries[i];
			break;
		}
	}
	mutex_unlock(&sealed_mem_pool_mutex);
	return entry;
}

/**
 * sealed_mem_lookup() - how a registered address is protected
 * @addr: any address
 *
 * Context: process context.  May sleep.
 * Return: the &enum sealed_mem_state of the region holding @addr, or
 * -ENOENT if no registered region holds it.
 */
int sealed_mem_lookup(const void *addr)
{
	unsigned long a = (unsigned long)kasan_reset_tag(addr);
	struct sealed_mem_region *region;
	int ret = -ENOENT;

	mutex_lock(&sealed_mem_mutex);
	list_for_each_entry(region, &sealed_mem_registry.regions, node) {
		if (region->start > a)
			break;
		if (a < region_end(region)) {
			ret = region->state;
			break;
		}
	}
	mutex_unlock(&sealed_mem_mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(sealed_mem_lookup);

/**
 * sealed_mem_find() - look a registered region up by name
 * @name: the name it was registered with
 * @addr: set to the region's first byte when found
 *
 * Tables allocated with sealed_mem_alloc() are found too, with the state
 * of the region that holds them.  Meant for tests that prove a region
 * refuses writes, such as LKDTM.
 *
 * Context: process context.  May sleep.
 * Return: the &enum sealed_mem_state of the first region called @name, or
 * -ENOENT if there is none.
 */
int sealed_mem_find(const char *name, void **addr)
{
	const struct sealed_mem_pool_entry *entry;
	struct sealed_mem_region *region;
	int ret = -ENOENT;

	mutex_lock(&sealed_mem_mutex);
	list_for_each_entry(region, &sealed_mem_registry.regions, node) {
		if (!strcmp(region->name, name)) {
			*addr = (void *)region->start;
			ret = region->state;
			break;
		}
	}
	mutex_unlock(&sealed_mem_mutex);
	if (ret != -ENOENT)
		return ret;

	/* A table of the pool: its chunk is registered once the pool closes. */
	entry = sealed_mem_pool_find(name);
	if (!entry)
		return -ENOENT;
	*addr = (void *)entry->addr;
	ret = sealed_mem_lookup(*addr);
	return ret == -ENOENT ? SEALED_MEM_PENDING : ret;
}
EXPORT_SYMBOL_GPL(sealed_mem_find);

/**
 * sealed_mem_seal_batch() - seal every pending region of a registry
 * @reg: the registry
 *
 * Walks the regions in address order, merges adjacent ones into ranges,
 * hands each range to the architecture once and flushes the TLB once for
 * all of them.  Later registrations in @reg are sealed at once.
 */
SEALED_MEM_INTERNAL void sealed_mem_seal_batch(struct sealed_mem_registry *reg)
{
	struct sealed_mem_region *region, *first = NULL;
	unsigned long start = 0, end = 0, lo = ULONG_MAX, hi = 0;
	unsigned int count[SEALED_MEM_NR_STATES] = { }, total = 0;
	unsigned long bytes = 0, pmd0, pud0, pmd, pud;
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
		err = check_pages(region->start, region_end(region), &why);
		if (err) {
			pr_err("%s: cannot be pinned: %s (%pe); left writable\n",
			       region->name, why, ERR_PTR(err));
			sealed_mem_set_state(region, err);
		} else {
			sealed_mem_pin(region);
		}
	}
	err = 0;
	reg->stats.splits_known = arch_sealed_mem_large_pages(&pmd0, &pud0);

	/*
	 * First the page tables, in one tight pass over the coalesced
	 * ranges, and one flush; the bookkeeping of each region follows.
	 */
	list_for_each_entry(region, &reg->regions, node) {
		if (!region_waits(region) || reg->disabled)
			continue;
		if (first && region->start == end) {
			end = region_end(region);
			continue;
		}
		if (first && !sealed_mem_protect_range(reg, first, start, end)) {
			lo = min(lo, start);
			hi = max(hi, end);
		}
		first = region;
		start = region->start;
		end = region_end(region);
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
		end = region_end(region);
		sealed_mem_set_state(region, err);
	}
	reg->batch_done = true;
	reg->stats.batch_ns = ktime_get_ns() - t0;

	/* Checksums for the audit, of the contents as they are now sealed. */
	list_for_each_entry(region, &reg->regions, node) {
		if (region->method == SEALED_MEM_BY_ARCH &&
		    region->state == SEALED_MEM_SEALED)
			region->csum = region_csum(region);
	}

	/*
	 * A PUD-sized page splits into PTRS_PER_PMD PMD-sized ones, which
	 * the second count includes unless they were split in turn.
	 */
	if (reg->stats.splits_known &&
	    arch_sealed_mem_large_pages(&pmd, &pud) && pud <= pud0 &&
	    pmd <= pmd0 + (pud0 - pud) * PTRS_PER_PMD) {
		reg->stats.splits_pud = pud0 - pud;
		reg->stats.splits_pmd = pmd0 + (pud0 - pud) * PTRS_PER_PMD - pmd;
	} else {
		reg->stats.splits_known = false;
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
EXPORT_SYMBOL_IF_KUNIT(sealed_mem_seal_batch);

/**
 * sealed_mem_mark_rodata() - record whether the kernel's rodata is protected
 * @reg: the registry
 * @protected: mark_rodata_ro() ran
 *
 * Settles the state of every region of @reg in the kernel's read-only
 * data, and of any registered later.
 */
VISIBLE_IF_KUNIT void sealed_mem_mark_rodata(struct sealed_mem_registry *reg,
					     bool protected)
{
	struct sealed_mem_region *region;

	mutex_lock(&sealed_mem_mutex);
	reg->rodata = protected ? SEALED_MEM_SEALED : SEALED_MEM_UNSUPPORTED;
	list_for_each_entry(region, &reg->regions, node) {
		if (region->method != SEALED_MEM_BY_RODATA)
			continue;
		region->state = reg->rodata;
		region->err = protected ? 0 : -EOPNOTSUPP;
		if (protected) {
			region->csum = region_csum(region);
			pr_info("%s: sealed with the kernel's read-only data\n",
				region->name);
		} else {
			pr_notice("%s: left writable: the kernel's read-only data is not protected\n",
				  region->name);
		}
	}
	mutex_unlock(&sealed_mem_mutex);
}
EXPORT_SYMBOL_IF_KUNIT(sealed_mem_mark_rodata);

/**
 * sealed_mem_rodata_done() - the kernel's read-only data is final
 * @protected: mark_rodata_ro() made it read-only
 *
 * Called once by mark_readonly(), after the init sections are freed.
 */
void sealed_mem_rodata_done(bool protected)
{
	sealed_mem_mark_rodata(&sealed_mem_registry, protected);
}

/**
 * sealed_mem_audit() - check that sealed regions are still sealed and intact
 * @reg: the registry
 *
 * For every sealed region, asks the architecture whether its linear map is
 * still read-only and compares a checksum of its contents with the one
 * taken when it was sealed.  A region that fails either check is marked
 * tampered, counted, and reported once at KERN_CRIT; it is not checked
 * again.  A region with a hardware-poisoned page is not read: it is marked
 * poisoned and reported once, and not checked again either.
 *
 * Context: process context.  May sleep.
 * Return: the number of regions found tampered with by this audit.
 */
SEALED_MEM_INTERNAL unsigned int sealed_mem_audit(struct sealed_mem_registry *reg)
{
	struct sealed_mem_region *region;
	unsigned int found = 0;
	const char *map;
	bool changed;
	int ro;

	mutex_lock(&sealed_mem_mutex);
	list_for_each_entry(region, &reg->regions, node) {
		if (region->state != SEALED_MEM_SEALED)
			continue;
		if (region_poisoned(region)) {
			region->state = SEALED_MEM_POISONED;
			pr_warn("%s: hardware-poisoned page, no longer audited\n",
				region->name);
			continue;
		}
		ro = arch_sealed_mem_is_ro(region->start, region_end(region));
		map = NULL;
		if (!ro)
			map = "writable in the linear map";
		else if (ro < 0 && ro != -EOPNOTSUPP)
			map = "missing from the linear map";
		changed = region_csum(region) != region->csum;
		if (!map && !changed)
			continue;
		region->state = SEALED_MEM_TAMPERED;
		reg->stats.tampered++;
		found++;
		pr_crit("%s: tampered with: %s%s%s\n", region->name, map ?: "",
			map && changed ? ", " : "",
			changed ? "contents changed since it was sealed" : "");
	}
	reg->stats.audits++;
	mutex_unlock(&sealed_mem_mutex);
	return found;
}
EXPORT_SYMBOL_IF_KUNIT(sealed_mem_audit);

/**
 * sealed_mem_free_check() - catch a registered page on its way to the allocator
 * @page: first page of the block being freed
 * @order: order of the block
 *
 * The registry holds a reference on every folio of its regions from their
 * registration on; such a page can only reach the free path through a
 * reference count underflow (some owner put more references than it had)
 * or a free that ignores counts (__free_pages() of a block whose first
 * page is sealed, free_reserved_page()).
 * Freed, the page would be reused while still read-only (or sealed later
 * under its new owner), or worse, after being made writable again.  The
 * page allocator calls this under CONFIG_DEBUG_VM only.
 *
 * Context: any, including atomic context.
 * Return: true, after a report (an alert naming the region, a stack dump
 * and the bad-page taint; no WARN), if the block holds a pinned page of a
 * registered region and must not be freed; false otherwise.
 */
bool sealed_mem_free_check(struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page), end = pfn + (1UL << order);
	struct sealed_mem_region *region;
	bool caught = false;

	rcu_read_lock();
	list_for_each_entry_rcu(region, &sealed_mem_registry.regions, node) {
		unsigned long first = PHYS_PFN(__pa(region->start));

		if (first < end && pfn < first + (region->size >> PAGE_SHIFT) &&
		    region_pinned(region)) {
			/*
			 * Reported like a bad page, not with WARN: nothing
			 * is lost, and lockdep stays valid.
			 */
			pr_alert("%s: page %#lx reached the page allocator (a reference count underflow, or a free ignoring it); not freeing it\n",
				 region->name, max(pfn, first));
			dump_stack();
			add_taint(TAINT_BAD_PAGE, LOCKDEP_STILL_OK);
			caught = true;
			break;
		}
	}
	rcu_read_unlock();
	return caught;
}

static void sealed_mem_audit_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(sealed_mem_audit_work, sealed_mem_audit_fn);

static void sealed_mem_audit_fn(struct work_struct *work)
{
	sealed_mem_audit(&sealed_mem_registry);
	schedule_delayed_work(&sealed_mem_audit_work, audit_interval * HZ);
}

#ifdef CONFIG_PROC_FS
/*
 * /proc/sealed_mem: a header line, one line per region with fixed columns,
 * a blank line, then one "key: value" line per counter.  Documented in
 * Documentation/mm/sealed_mem.rst; scripts may rely on it.
 */
static void sealed_mem_proc_line(struct seq_file *m, const char *name,
				 unsigned long size, unsigned long owner,
				 const char *method, int state,
				 unsigned long addr)
{
	seq_printf(m, "%-31s %10lu %-44pS %-10s %-11s %pK\n", name, size,
		   (void *)owner, method, sealed_mem_state_name(state),
		   (void *)addr);
}

/* The tables of the kernel's pool that @region holds, after it. */
static void sealed_mem_proc_pool(struct seq_file *m,
				 const struct sealed_mem_region *region)
{
	const struct sealed_mem_pool *pool = &sealed_mem_boot_pool;
	const struct sealed_mem_pool_entry *entry;

	for (entry = pool->entries; entry < pool->entries + pool->nr_entries;
	     entry++) {
		if (entry->addr >= region->start &&
		    entry->addr < region_end(region))
			sealed_mem_proc_line(m, entry->name, entry->size,
					     entry->owner, "pool",
					     region->state, entry->addr);
	}
}

static int sealed_mem_proc_show(struct seq_file *m, void *v)
{
	struct sealed_mem_registry *reg = &sealed_mem_registry;
	const struct sealed_mem_stats *st = &reg->stats;
	struct sealed_mem_region *region;
	unsigned long bytes = 0;
	unsigned int n = 0;

	mutex_lock(&sealed_mem_mutex);
	seq_printf(m, "%-31s %10s %-44s %-10s %-11s %s\n", "name", "bytes",
		   "owner", "method", "state", "address");
	list_for_each_entry(region, &reg->regions, node) {
		sealed_mem_proc_line(m, region->name, region->size,
				     region->owner,
				     sealed_mem_method_name(region->method),
				     region->state, region->start);
		sealed_mem_proc_pool(m, region);
		bytes += region->size;
		n++;
	}
	seq_printf(m, "\nregions: %u\nbytes: %lu\n", n, bytes);
	/* One architecture call per coalesced range, by construction. */
	seq_printf(m, "ranges: %u\narch_calls: %u\ntlb_flushes: %u\n",
		   st->ranges, st->ranges, st->flushes);
	if (st->splits_known)
		seq_printf(m, "splits_2m: %lu\nsplits_1g: %lu\n",
			   st->splits_pmd, st->splits_pud);
	else
		seq_puts(m, "splits_2m: n/a\nsplits_1g: n/a\n");
	seq_printf(m, "batch_us: %llu\naudits: %u\ntampered: %u\n",
		   div_u64(st->batch_ns, NSEC_PER_USEC), st->audits,
		   st->tampered);
	seq_printf(m, "pool_tables: %u\npool_bytes: %lu\npool_pages: %lu\npool_returned: %lu\n",
		   sealed_mem_boot_pool.nr_entries, sealed_mem_boot_pool.bytes,
		   sealed_mem_boot_pool.pages, sealed_mem_boot_pool.returned);
	mutex_unlock(&sealed_mem_mutex);
	return 0;
}

/*
 * One audit per read of the file, at open: seq_file calls show again
 * whenever the output outgrows its buffer.
 */
static int sealed_mem_proc_open(struct inode *inode, struct file *file)
{
	sealed_mem_audit(&sealed_mem_registry);
	return single_open(file, sealed_mem_proc_show, NULL);
}

static const struct proc_ops sealed_mem_proc_ops = {
	.proc_open	= sealed_mem_proc_open,
	.proc_read_iter	= seq_read_iter,
	.proc_lseek	= seq_lseek,
	.proc_release	= single_release,
};

static void __init sealed_mem_proc_init(void)
{
	proc_create("sealed_mem", 0400, NULL, &sealed_mem_proc_ops);
}
#else
static inline void sealed_mem_proc_init(void) { }
#endif

/*
 * An architecture that places the zero page in its read-only data gets it
 * listed here.  Elsewhere it lives in .bss or in allocated memory and is
 * left alone.
 */
static int __init sealed_mem_list_zero_page(void)
{
	static struct sealed_mem_region zero_page_region;
	unsigned long addr = (unsigned long)page_address(ZERO_PAGE(0));

	if (!in_linear_map(addr, addr + PAGE_SIZE) ||
	    !in_kernel_rodata(addr, addr + PAGE_SIZE))
		return 0;
	/* Named as its own owner: a call here could be inlined. */
	return sealed_mem_add(&sealed_mem_registry, &zero_page_region,
			      (void *)addr, PAGE_SIZE, "zero_page",
			      SEALED_MEM_BY_RODATA, _THIS_IP_);
}
early_initcall(sealed_mem_list_zero_page);

static int __init seal_all_late_initcall(void)
{
	sealed_mem_pool_close(&sealed_mem_boot_pool, &sealed_mem_registry);
	sealed_mem_seal_batch(&sealed_mem_registry);
	if (audit_interval)
		schedule_delayed_work(&sealed_mem_audit_work,
				      audit_interval * HZ);
	sealed_mem_proc_init();
	return 0;
}
late_initcall_sync(seal_all_late_initcall);
