// SPDX-License-Identifier: GPL-2.0
/*
 * sealed_mem: make long-lived boot-time allocations read-only in the
 * linear map.  See Documentation/mm/sealed_mem.rst.
 *
 * This file owns the registry: what may be registered and why the rest is
 * refused, the registry's references on the memory, registration before
 * and after the boot-time batch, lookups by address and by name, the
 * listing of memory the kernel's read-only data already protects, and the
 * sealed_mem= boot parameter.  batch.c seals, pool.c packs small tables,
 * report.c audits and reports.
 */

#define pr_fmt(fmt) "sealed_mem: " fmt

#include <linux/export.h>
#include <linux/gfp.h>
#include <linux/hardirq.h>
#include <linux/init.h>
#include <linux/irqflags.h>
#include <linux/kasan.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/sections.h>
#ifdef CONFIG_X86
#include <asm/setup.h>
#endif
#include <kunit/static_stub.h>
#include <kunit/visibility.h>

#include "sealed_mem.h"

/* Serialises registration, sealing and lookups of every registry. */
DEFINE_MUTEX(sealed_mem_mutex);

struct sealed_mem_registry sealed_mem_registry = {
	.regions = LIST_HEAD_INIT(sealed_mem_registry.regions),
};

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
EXPORT_SYMBOL_FOR_MODULES(sealed_mem_state_name, "lkdtm");

/*
 * sealed_mem_method_name() - printable name of a sealing method
 * @method: an &enum sealed_mem_method
 *
 * Return: "linear-map" or "rodata".
 */
const char *sealed_mem_method_name(enum sealed_mem_method method)
{
	return method == SEALED_MEM_BY_RODATA ? "rodata" : "linear-map";
}

static bool region_live(const struct sealed_mem_region *region)
{
	return region->node.next;
}

/* Registration may sleep: it takes a mutex, and may allocate. */
static bool atomic_context(void)
{
	return system_state >= SYSTEM_SCHEDULING &&
	       (in_interrupt() || irqs_disabled());
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

/* Kernel image memory is protected by the image's own sections. */
static bool overlaps_kernel_image(unsigned long start, unsigned long end)
{
	return start < (unsigned long)_end && end > (unsigned long)_text;
}

/*
 * The physical end of the memory the kernel image reserves at boot.  x86
 * reserves its brk area only as far as it was used (reserve_brk()): from
 * there to _end the memory is free from the start, and memblock may give
 * it to anyone, whose reserved pages are then not the image's.
 */
static phys_addr_t kernel_image_reserved_end(void)
{
#ifdef CONFIG_X86
	return __pa_symbol(PAGE_ALIGN(_brk_end));
#else
	return __pa_symbol(_end);
#endif
}

static bool in_kernel_image_alias(unsigned long addr)
{
	return __pa(addr) >= __pa_symbol(_text) &&
	       __pa(addr) < kernel_image_reserved_end();
}

/*
 * The linear alias of memory the kernel image still owns: its pages stay
 * reserved from boot on.  What the image gave back to the page allocator
 * (the init sections once freed) is ordinary memory from then on.  Before
 * the struct pages are initialised the two cannot be told apart, and all
 * the image reserved is refused.
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
int sealed_mem_check_pages(unsigned long start, unsigned long end,
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
	if (atomic_context()) {
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
	return sealed_mem_check_pages(start, start + size, why);
}

/*
 * Take a reference on every folio of the region, one per folio, so that
 * the owner putting all of its own can never free the memory.  Its pages
 * passed sealed_mem_check_pages().
 */
void sealed_mem_pin(struct sealed_mem_region *region)
{
	struct folio *folio, *last = NULL;
	unsigned long addr;

	for (addr = region->start; addr < sealed_mem_region_end(region);
	     addr += PAGE_SIZE) {
		folio = page_folio(virt_to_page((void *)addr));
		if (folio != last)
			folio_get(folio);
		last = folio;
	}
	region->pinned = true;
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
int sealed_mem_add(struct sealed_mem_registry *reg,
		   struct sealed_mem_region *region, void *addr, size_t size,
		   const char *name, enum sealed_mem_method method,
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
	    sealed_mem_region_end(pos) > start) {
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
			region->csum = sealed_mem_csum(region);
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
	list_add(&region->node, &pos->node);

	if (reg->batch_done && method == SEALED_MEM_BY_ARCH)
		err = sealed_mem_seal_one(reg, region);
	mutex_unlock(&sealed_mem_mutex);
	return err;

refuse:
	pr_warn("%pS: refused region '%s' (%zu bytes): %s (%pe)\n",
		(void *)owner, name ?: "(null)", size, why, ERR_PTR(err));
	return err;
}

/* The one allocation of the core; KUnit injects its failure here. */
VISIBLE_IF_KUNIT struct sealed_mem_region *sealed_mem_alloc_region(void)
{
	KUNIT_STATIC_STUB_REDIRECT(sealed_mem_alloc_region);
	return kzalloc(sizeof(struct sealed_mem_region), GFP_KERNEL);
}

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

	/* Checked again with the rest, but before the allocation. */
	if (atomic_context()) {
		pr_warn("%pS: refused region '%s' (%zu bytes): atomic context (%pe)\n",
			(void *)_RET_IP_, name ?: "(null)", size,
			ERR_PTR(-EWOULDBLOCK));
		return -EWOULDBLOCK;
	}
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
		if (a < sealed_mem_region_end(region)) {
			ret = region->state;
			break;
		}
	}
	mutex_unlock(&sealed_mem_mutex);
	return ret;
}

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
EXPORT_SYMBOL_FOR_MODULES(sealed_mem_find, "lkdtm");

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
			region->csum = sealed_mem_csum(region);
			pr_info("%s: sealed with the kernel's read-only data\n",
				region->name);
		} else {
			pr_notice("%s: left writable: the kernel's read-only data is not protected\n",
				  region->name);
		}
	}
	mutex_unlock(&sealed_mem_mutex);
}

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
