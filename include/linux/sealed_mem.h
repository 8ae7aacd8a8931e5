/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sealed_mem: make long-lived boot-time allocations read-only in the
 * kernel's linear map once they are initialised.
 *
 * See Documentation/mm/sealed_mem.rst.
 */
#ifndef _LINUX_SEALED_MEM_H
#define _LINUX_SEALED_MEM_H

#include <linux/list.h>
#include <linux/types.h>

struct page;

/* Longest region name, including the terminating NUL. */
#define SEALED_MEM_NAME_LEN	32

/**
 * enum sealed_mem_state - what happened to a registered region
 * @SEALED_MEM_PENDING: registered, waiting for the boot-time batch
 * @SEALED_MEM_SEALED: read-only in the linear map
 * @SEALED_MEM_UNSUPPORTED: the architecture cannot change the linear map
 *	here; the region stays writable and intact
 * @SEALED_MEM_FAILED: the architecture tried and failed; the region stays
 *	writable and intact
 * @SEALED_MEM_DISABLED: sealing is off (sealed_mem=off); the region stays
 *	writable and intact
 * @SEALED_MEM_TAMPERED: was sealed, but an audit found it writable in the
 *	linear map or its contents changed since it was sealed
 * @SEALED_MEM_POISONED: was sealed, but a page of it is hardware-poisoned;
 *	the audit no longer reads it
 * @SEALED_MEM_NR_STATES: number of states
 */
enum sealed_mem_state {
	SEALED_MEM_PENDING,
	SEALED_MEM_SEALED,
	SEALED_MEM_UNSUPPORTED,
	SEALED_MEM_FAILED,
	SEALED_MEM_DISABLED,
	SEALED_MEM_TAMPERED,
	SEALED_MEM_POISONED,
	SEALED_MEM_NR_STATES
};

/**
 * enum sealed_mem_method - how a region is made read-only
 * @SEALED_MEM_BY_ARCH: by sealed_mem, through the architecture's
 *	linear-map hook, in the boot-time batch or at registration after it
 * @SEALED_MEM_BY_RODATA: by the kernel itself: the memory lies in the
 *	kernel image's read-only data, which mark_rodata_ro() protects in
 *	every alias; sealed_mem lists it and changes nothing
 */
enum sealed_mem_method {
	SEALED_MEM_BY_ARCH,
	SEALED_MEM_BY_RODATA,
};

/**
 * struct sealed_mem_region - a registered region
 * @node: position in the registry, sorted by @start
 * @start: linear-map address of the first byte, page aligned
 * @size: length in bytes, a multiple of PAGE_SIZE
 * @owner: return address of the registering call (the call site, which
 *	may be inlined into its caller), for reports
 * @state: see &enum sealed_mem_state
 * @method: see &enum sealed_mem_method
 * @err: the architecture's error when @state is %SEALED_MEM_FAILED or
 *	%SEALED_MEM_UNSUPPORTED, else 0
 * @pinned: the registry holds a reference on each of its folios
 * @csum: xxh64 of the contents when the region was sealed, for the audit
 * @name: short name for reports
 *
 * Owned by the registry: allocated by sealed_mem_register(), or part of
 * the core's own structures (the pool's chunks, the zero page's listing).
 * Clients never pass or keep one.
 */
struct sealed_mem_region {
	struct list_head node;
	unsigned long start;
	unsigned long size;
	unsigned long owner;
	enum sealed_mem_state state;
	enum sealed_mem_method method;
	int err;
	bool pinned;
	u64 csum;
	char name[SEALED_MEM_NAME_LEN];
};

#ifdef CONFIG_SEALED_MEM
int sealed_mem_register(void *addr, size_t size, const char *name);
void *sealed_mem_alloc(size_t size, const char *name);
void sealed_mem_rodata_done(bool protected);
int sealed_mem_lookup(const void *addr);
int sealed_mem_find(const char *name, void **addr);
const char *sealed_mem_state_name(int state);
const char *sealed_mem_method_name(enum sealed_mem_method method);
bool sealed_mem_free_check(struct page *page, unsigned int order);
#else
static inline int sealed_mem_register(void *addr, size_t size,
				      const char *name)
{
	return -EOPNOTSUPP;
}

static inline void *sealed_mem_alloc(size_t size, const char *name)
{
	return NULL;
}

static inline void sealed_mem_rodata_done(bool protected)
{
}

static inline int sealed_mem_lookup(const void *addr)
{
	return -ENOENT;
}

static inline int sealed_mem_find(const char *name, void **addr)
{
	return -ENOENT;
}

static inline const char *sealed_mem_state_name(int state)
{
	return "unknown";
}

static inline const char *sealed_mem_method_name(enum sealed_mem_method method)
{
	return "unknown";
}

static inline bool sealed_mem_free_check(struct page *page, unsigned int order)
{
	return false;
}
#endif

/**
 * sealed_mem_debug_free() - keep registered pages out of the page allocator
 * @page: first page of a block being freed
 * @order: order of the block
 *
 * For the page allocator's free path: with CONFIG_DEBUG_VM, see
 * sealed_mem_free_check(); otherwise nothing, at no cost.
 *
 * Return: true if the block must not be freed.
 */
static inline bool sealed_mem_debug_free(struct page *page, unsigned int order)
{
	return IS_ENABLED(CONFIG_DEBUG_VM) && sealed_mem_free_check(page, order);
}

/**
 * sealed_mem_is_sealed() - is this byte read-only through sealed_mem?
 * @addr: any address
 *
 * Return: true if @addr lies in a registered region that is sealed.
 */
static inline bool sealed_mem_is_sealed(const void *addr)
{
	return sealed_mem_lookup(addr) == SEALED_MEM_SEALED;
}

/*
 * Architecture interface.  The generic versions are weak and do nothing;
 * an architecture that can change permissions in its linear map overrides
 * both and selects ARCH_HAS_SEALED_MEM.
 */
int arch_sealed_mem_protect(unsigned long start, unsigned long end);
void arch_sealed_mem_flush(unsigned long start, unsigned long end);
int arch_sealed_mem_is_ro(unsigned long start, unsigned long end);
bool arch_sealed_mem_large_pages(unsigned long *pmd, unsigned long *pud);
unsigned long arch_sealed_mem_leaf_size(unsigned long addr);

/**
 * struct sealed_mem_stats - what a registry has done
 * @ranges: coalesced ranges handed to arch_sealed_mem_protect(), one call
 *	each
 * @flushes: calls to arch_sealed_mem_flush()
 * @batch_ns: time the boot-time batch took
 * @update_ns: time the batch spent changing page tables, included in
 *	@batch_ns
 * @flush_ns: time spent in arch_sealed_mem_flush(), included in @batch_ns
 *	for the batch
 * @splits_known: the architecture counts its large linear-map pages, and
 *	@splits_pmd and @splits_pud are meaningful
 * @splits_pmd: PMD-sized linear-map pages the batch split
 * @splits_pud: PUD-sized linear-map pages the batch split
 * @audits: integrity audits run
 * @tampered: regions an audit found tampered with
 */
struct sealed_mem_stats {
	unsigned int ranges;
	unsigned int flushes;
	u64 batch_ns;
	u64 update_ns;
	u64 flush_ns;
	bool splits_known;
	unsigned long splits_pmd;
	unsigned long splits_pud;
	unsigned int audits;
	unsigned int tampered;
};

/**
 * struct sealed_mem_registry - a set of regions sealed together
 * @regions: &struct sealed_mem_region, sorted by address, never overlapping
 * @batch_done: the batch ran; later regions are sealed as they come
 * @disabled: sealing is off; regions are recorded as disabled
 * @rodata: state of the regions in the kernel's read-only data: pending
 *	until mark_rodata_ro() ran, then sealed, or unsupported if it did not
 *	protect them (rodata=off)
 * @stats: counters
 *
 * The kernel has one registry; the KUnit test builds private ones.
 */
struct sealed_mem_registry {
	struct list_head regions;
	bool batch_done;
	bool disabled;
	enum sealed_mem_state rodata;
	struct sealed_mem_stats stats;
};

/**
 * struct sealed_mem_pool_entry - a table handed out by a pool
 * @addr: its first byte
 * @size: its length in bytes
 * @owner: return address of the allocating caller, for reports
 * @name: short name for reports
 */
struct sealed_mem_pool_entry {
	unsigned long addr;
	size_t size;
	unsigned long owner;
	char name[SEALED_MEM_NAME_LEN];
};

/**
 * struct sealed_mem_pool_chunk - a large-page-sized block of a pool
 * @region: the registry's descriptor of its used pages, once closed
 * @base: linear-map address of its first byte, aligned to its size
 * @used: bytes handed out, from @base
 * @memblock: allocated from memblock, not from the page allocator
 */
struct sealed_mem_pool_chunk {
	struct sealed_mem_region region;
	unsigned long base;
	unsigned long used;
	bool memblock;
};

/* Chunks a pool can use. */
#define SEALED_MEM_POOL_CHUNKS	8
/*
 * Order and size of a chunk (needs <linux/pgtable.h> and <linux/mmzone.h>):
 * a PMD-level large page, but at most 2 MiB.  With 16K or 64K pages an
 * arm64 PMD block is 32 MiB or 512 MiB, far more than a few tables need;
 * there 2 MiB is a contiguous-PTE range, the next leaf size down, so that
 * sealing part of a chunk still splits at most one mapping per level.
 */
#define SEALED_MEM_POOL_MAX_SHIFT	21
#define SEALED_MEM_POOL_ORDER						\
	MIN_T(unsigned int, MIN_T(unsigned int, PMD_ORDER, MAX_PAGE_ORDER), \
	      SEALED_MEM_POOL_MAX_SHIFT - PAGE_SHIFT)
#define SEALED_MEM_POOL_CHUNK	(PAGE_SIZE << SEALED_MEM_POOL_ORDER)

/**
 * struct sealed_mem_pool - small tables packed into large-page chunks
 * @name: name of the regions its chunks become
 * @entries: room for @max_entries records of what it handed out
 * @max_entries: tables it can hand out
 * @nr_entries: tables handed out
 * @nr_chunks: chunks in use
 * @closed: its chunks are registered; it hands out nothing more
 * @bytes: bytes asked for, over all tables
 * @pages: pages kept, sealed, once closed
 * @returned: pages given back to the page allocator when closed
 * @chunks: its chunks, filled in order
 *
 * The kernel has one pool, behind sealed_mem_alloc(); the KUnit test and
 * the benchmark build private ones.
 */
struct sealed_mem_pool {
	const char *name;
	struct sealed_mem_pool_entry *entries;
	unsigned int max_entries;
	unsigned int nr_entries;
	unsigned int nr_chunks;
	bool closed;
	unsigned long bytes;
	unsigned long pages;
	unsigned long returned;
	struct sealed_mem_pool_chunk chunks[SEALED_MEM_POOL_CHUNKS];
};

#if IS_ENABLED(CONFIG_KUNIT) || IS_ENABLED(CONFIG_SEALED_MEM_BENCH)
/* Internals for mm/tests/sealed_mem_kunit.c and mm/sealed_mem_bench.c. */
#define SEALED_MEM_REGISTRY_INIT(reg) {			\
	.regions = LIST_HEAD_INIT((reg).regions),	\
}

int sealed_mem_add(struct sealed_mem_registry *reg,
		   struct sealed_mem_region *region, void *addr, size_t size,
		   const char *name, enum sealed_mem_method method,
		   unsigned long owner);
void sealed_mem_seal_batch(struct sealed_mem_registry *reg);
unsigned int sealed_mem_audit(struct sealed_mem_registry *reg);
void *sealed_mem_pool_alloc(struct sealed_mem_pool *pool, size_t size,
			    const char *name, unsigned long owner);
int sealed_mem_pool_close(struct sealed_mem_pool *pool,
			  struct sealed_mem_registry *reg);
#endif

#if IS_ENABLED(CONFIG_KUNIT)
/* Internals for mm/tests/sealed_mem_kunit.c only. */
void sealed_mem_mark_rodata(struct sealed_mem_registry *reg, bool protected);
struct sealed_mem_region *sealed_mem_alloc_region(void);
int sealed_mem_arch_protect(unsigned long start, unsigned long end);
bool sealed_mem_pages_ready(void);
int sealed_mem_check(const struct sealed_mem_region *region,
		     unsigned long start, size_t size, const char *name,
		     enum sealed_mem_method method, const char **why);
extern struct sealed_mem_registry sealed_mem_registry;
extern struct sealed_mem_pool sealed_mem_boot_pool;
#endif

#endif /* _LINUX_SEALED_MEM_H */
