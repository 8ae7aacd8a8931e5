/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sealed_mem internals: the registry, the pool and what the core's files,
 * its KUnit test and its benchmark share.  Clients use
 * <linux/sealed_mem.h> only.
 */
#ifndef MM_SEALED_MEM_H
#define MM_SEALED_MEM_H

#include <linux/list.h>
#include <linux/mmzone.h>
#include <linux/mutex.h>
#include <linux/pgtable.h>
#include <linux/sealed_mem.h>
#include <linux/types.h>

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
 * @owner: return address of the registering call, for reports
 * @state: see &enum sealed_mem_state
 * @method: see &enum sealed_mem_method
 * @err: why the region stays writable when @state is %SEALED_MEM_FAILED
 *	or %SEALED_MEM_UNSUPPORTED (the architecture's error, or the pin
 *	check's), else 0
 * @pinned: the registry holds a reference on each of its folios
 * @csum: xxh64 of the contents when the region was sealed, for the audit
 * @name: short name for reports
 *
 * Owned by the registry: allocated by sealed_mem_register(), or part of
 * the core's own structures (the pool's chunks, the zero page's listing).
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

/**
 * struct sealed_mem_stats - what a registry has done
 * @ranges: coalesced ranges handed to arch_sealed_mem_protect(), one call
 *	each
 * @flushes: calls to arch_sealed_mem_flush()
 * @batch_ns: time the boot-time batch took
 * @update_ns: time the batch spent before its flush: pinning early
 *	regions, changing page tables and reading leaf sizes
 * @flush_ns: time spent in arch_sealed_mem_flush()
 * @splits_known: arch_sealed_mem_lookup() tells leaf sizes, and
 *	@splits_pmd and @splits_pud are meaningful
 * @splits_pmd: PMD-level large pages of the linear map that sealing split
 * @splits_pud: PUD-level large pages of the linear map that sealing split
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
 * The kernel has one registry; the KUnit test and the benchmark build
 * private ones.
 */
struct sealed_mem_registry {
	struct list_head regions;
	bool batch_done;
	bool disabled;
	enum sealed_mem_state rodata;
	struct sealed_mem_stats stats;
};

#define SEALED_MEM_REGISTRY_INIT(reg) {			\
	.regions = LIST_HEAD_INIT((reg).regions),	\
}

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
 * Order and size of a chunk: a PMD-level large page, but at most 2 MiB.
 * With 16K or 64K pages an arm64 PMD block is 32 MiB or 512 MiB, far more
 * than a few tables need; there 2 MiB is a contiguous-PTE range, the next
 * leaf size down, so that sealing part of a chunk still splits at most one
 * mapping per level.
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
 * @reserve_folio: take room for one folio of a chunk's order with the
 *	first chunk, if that comes from memblock
 * @folio_room: linear address of that room until sealed_mem_alloc_folio()
 *	takes it or closing the pool gives it back, else 0
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
	bool reserve_folio;
	unsigned long folio_room;
	struct sealed_mem_pool_chunk chunks[SEALED_MEM_POOL_CHUNKS];
};

static inline unsigned long sealed_mem_region_end(const struct sealed_mem_region *region)
{
	return region->start + region->size;
}

/* The kernel's registry and pool, and the lock of every registry. */
extern struct mutex sealed_mem_mutex;
extern struct sealed_mem_registry sealed_mem_registry;
extern struct sealed_mem_pool sealed_mem_boot_pool;

/* core.c: the registry */
int sealed_mem_add(struct sealed_mem_registry *reg,
		   struct sealed_mem_region *region, void *addr, size_t size,
		   const char *name, enum sealed_mem_method method,
		   unsigned long owner);
int sealed_mem_check_pages(unsigned long start, unsigned long end,
			   const char **why);
void sealed_mem_pin(struct sealed_mem_region *region);
int sealed_mem_lookup(const void *addr);
const char *sealed_mem_method_name(enum sealed_mem_method method);

/* batch.c: sealing */
void sealed_mem_seal_batch(struct sealed_mem_registry *reg);
int sealed_mem_seal_one(struct sealed_mem_registry *reg,
			struct sealed_mem_region *region);
unsigned long sealed_mem_leaf_size(unsigned long addr);

/* pool.c: the sealed pool */
void *sealed_mem_pool_alloc(struct sealed_mem_pool *pool, size_t size,
			    const char *name, unsigned long owner);
int sealed_mem_pool_close(struct sealed_mem_pool *pool,
			  struct sealed_mem_registry *reg);
const struct sealed_mem_pool_entry *sealed_mem_pool_find(const char *name);
struct folio *sealed_mem_pool_alloc_folio(struct sealed_mem_pool *pool,
					  unsigned int order);

/* report.c: the audit and /proc/sealed_mem */
u64 sealed_mem_csum(const struct sealed_mem_region *region);
int sealed_mem_range_ro(unsigned long start, unsigned long end);
unsigned int sealed_mem_audit(struct sealed_mem_registry *reg);
void sealed_mem_report_init(void);

#if IS_ENABLED(CONFIG_KUNIT)
/* Seams for the KUnit test only: static stubs and what they replace. */
void sealed_mem_mark_rodata(struct sealed_mem_registry *reg, bool protected);
struct sealed_mem_region *sealed_mem_alloc_region(void);
int sealed_mem_arch_protect(unsigned long start, unsigned long end);
bool sealed_mem_pages_ready(void);
int sealed_mem_check(const struct sealed_mem_region *region,
		     unsigned long start, size_t size, const char *name,
		     enum sealed_mem_method method, const char **why);
#endif

#endif /* MM_SEALED_MEM_H */
