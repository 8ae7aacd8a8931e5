// SPDX-License-Identifier: GPL-2.0
/*
 * sealed_mem: the sealed pool, behind sealed_mem_alloc().  See
 * Documentation/mm/sealed_mem.rst.
 *
 * A small table sealed on its own costs a whole page and a split of the
 * large page around it.  The pool packs such tables instead, each aligned
 * to SEALED_MEM_POOL_ALIGN, into a chunk: a naturally aligned block the
 * size of a large page, at most 2 MiB (SEALED_MEM_POOL_CHUNK), taken from
 * memblock early in boot.  Closing the pool, just before the batch,
 * registers the used pages of each chunk as one region and gives the
 * unused ones back to the page allocator, so sealing a chunk splits at
 * most the large page that holds it and wastes less than a page.
 *
 * A client the size of a chunk, the persistent huge zero folio, is placed
 * next to the pool: the kernel's pool takes its first chunk from memblock
 * together with room for one folio, the block below it, and
 * sealed_mem_alloc_folio() hands that out.  The folio, covered whole,
 * splits nothing; it coalesces with the pool's pages into one range, and
 * the two share the large page of the next level up (a 1 GiB page of
 * x86's linear map), which is split once instead of twice.
 */

#define pr_fmt(fmt) "sealed_mem: " fmt

#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/init.h>
#include <linux/kasan.h>
#include <linux/kernel.h>
#include <linux/kmemleak.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "sealed_mem.h"

#define SEALED_MEM_POOL_ALIGN	sizeof(u64)

/* Serialises allocation from and closing of every pool. */
static DEFINE_MUTEX(sealed_mem_pool_mutex);

/* What the kernel's own pool holds; read-only once the kernel has booted. */
static struct sealed_mem_pool_entry sealed_mem_boot_entries[16] __ro_after_init;

struct sealed_mem_pool sealed_mem_boot_pool = {
	.name		= "sealed_pool",
	.entries	= sealed_mem_boot_entries,
	.max_entries	= ARRAY_SIZE(sealed_mem_boot_entries),
	/* Room for the huge zero folio, where it is a chunk's size. */
	.reserve_folio	= IS_ENABLED(CONFIG_PERSISTENT_HUGE_ZERO_FOLIO) &&
			  PMD_ORDER == SEALED_MEM_POOL_ORDER,
};

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
 * the only time memblock is called, hence __ref.  The first one from
 * memblock comes with the room for a folio below it, if the pool reserves
 * one: the two are a block aligned to its size, so that they share the
 * large page of the next level up.  A chunk from the page allocator is
 * split into pages so that its unused pages can be freed.
 */
static void * __ref sealed_mem_pool_new_chunk(struct sealed_mem_pool *pool,
					      bool *memblock)
{
	struct page *page;
	void *block;

	*memblock = !slab_is_available();
	if (*memblock && pool->reserve_folio && !pool->nr_chunks) {
		block = memblock_alloc(2 * SEALED_MEM_POOL_CHUNK,
				       2 * SEALED_MEM_POOL_CHUNK);
		if (block) {
			pool->folio_room = (unsigned long)block;
			return block + SEALED_MEM_POOL_CHUNK;
		}
	}
	if (*memblock)
		return memblock_alloc(SEALED_MEM_POOL_CHUNK,
				      SEALED_MEM_POOL_CHUNK);
	page = alloc_pages(GFP_KERNEL | __GFP_ZERO, SEALED_MEM_POOL_ORDER);
	if (!page)
		return NULL;
	split_page(page, SEALED_MEM_POOL_ORDER);
	/* Tag-based KASAN tags page_address(): the registry keeps none. */
	return kasan_reset_tag(page_address(page));
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
void *sealed_mem_pool_alloc(struct sealed_mem_pool *pool, size_t size,
			    const char *name, unsigned long owner)
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
	base = sealed_mem_pool_new_chunk(pool, &memblock);
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

/* Give a pool's unclaimed room for a folio back to the page allocator. */
static void sealed_mem_pool_free_room(struct sealed_mem_pool *pool)
{
	unsigned long room = pool->folio_room;

	if (!room)
		return;
	pool->folio_room = 0;
	kmemleak_free_part_phys(__pa(room), SEALED_MEM_POOL_CHUNK);
	free_reserved_pages(virt_to_page((void *)room), SEALED_MEM_POOL_ORDER);
	pool->returned += SEALED_MEM_POOL_CHUNK >> PAGE_SHIFT;
}

/*
 * Turn the reserved pages of a pool's room into a folio of the order of a
 * chunk: one reference, zeroed (memblock did that) with its MTE tags
 * cleared too (as __GFP_ZEROTAGS does), not rmappable, counted as managed
 * memory.  Unlike a folio from the page allocator it keeps what memblock
 * memory has: its pageblock's migratetype (movable, as for every memblock
 * allocation), no page_owner record or allocation tag, and the match-all
 * tag of tag-based KASAN.
 */
static struct folio *sealed_mem_pool_room_folio(unsigned long room)
{
	struct page *page = virt_to_page((void *)room);
	unsigned long i, nr = 1UL << SEALED_MEM_POOL_ORDER;

	kmemleak_free_part_phys(__pa(room), SEALED_MEM_POOL_CHUNK);
	for (i = 0; i < nr; i++) {
		ClearPageReserved(page + i);
		if (i)
			set_page_count(page + i, 0);
	}
	prep_compound_page(page, SEALED_MEM_POOL_ORDER);
	adjust_managed_page_count(page, nr);
	tag_clear_highpages(page, nr, false);
	return page_folio(page);
}

/**
 * sealed_mem_pool_alloc_folio() - take a pool's room for a folio
 * @pool: the pool
 * @order: order of the folio wanted
 *
 * Context: process context, once the page allocator is up.  May sleep.
 * Return: see sealed_mem_alloc_folio().
 */
struct folio *sealed_mem_pool_alloc_folio(struct sealed_mem_pool *pool,
					  unsigned int order)
{
	unsigned long room = 0;
	struct page *page;

	if (order != SEALED_MEM_POOL_ORDER || !sealed_mem_pages_ready())
		return NULL;
	mutex_lock(&sealed_mem_pool_mutex);
	if (pool->closed || !pool->folio_room)
		goto out;
	/* Unmovable for good, a folio must not sit where memory must migrate. */
	page = virt_to_page((void *)pool->folio_room);
	if (page_zonenum(page) == ZONE_MOVABLE || is_migrate_cma_page(page)) {
		pr_info("%s: the room for a folio is in ZONE_MOVABLE or CMA: given back\n",
			pool->name);
		sealed_mem_pool_free_room(pool);
		goto out;
	}
	room = pool->folio_room;
	pool->folio_room = 0;
out:
	mutex_unlock(&sealed_mem_pool_mutex);
	if (!room)
		return NULL;
	return sealed_mem_pool_room_folio(room);
}

/**
 * sealed_mem_alloc_folio() - allocate a large folio to be sealed next to
 *	the sealed pool
 * @order: its order: only that of a pool chunk, the PMD order on x86_64
 *	and on arm64 with 4K pages, is served
 *
 * For the persistent huge zero folio, the one client the size of a chunk:
 * the kernel's pool reserves room for one folio with its first chunk, from
 * memblock, right below it, so that sealing the folio and the pool's
 * tables together splits at most one large page per level of the linear
 * map.  Room is reserved only with %CONFIG_PERSISTENT_HUGE_ZERO_FOLIO; if
 * nobody takes it, closing the pool gives it back to the page allocator.
 * The caller registers the folio with sealed_mem_register() and must never
 * free it.
 *
 * Context: process context, once the page allocator is up and until the
 * pool closes at late_initcall_sync.  May sleep.
 * Return: a zeroed folio of @order with one reference, or NULL if @order
 * is not a chunk's, the page allocator is not up yet, no room was reserved
 * (no chunk came from memblock, or memblock had no aligned block), it was
 * taken already, it lies in ZONE_MOVABLE or CMA (it is then given back,
 * with a log line), or the pool is closed; the caller then allocates the
 * folio as it would without sealed_mem.
 */
struct folio *sealed_mem_alloc_folio(unsigned int order)
{
	return sealed_mem_pool_alloc_folio(&sealed_mem_boot_pool, order);
}

/**
 * sealed_mem_pool_close() - register a pool's tables for sealing
 * @pool: the pool
 * @reg: the registry to register its chunks with
 *
 * Registers the used pages of every chunk of @pool as one region named
 * after the pool, and gives the unused pages of each chunk, and the room
 * for a folio if nobody took it, back to the page allocator.  The pool
 * hands out nothing afterwards.
 *
 * Context: process context, once the page allocator is up.  May sleep.
 * Return: 0, or the first error of sealed_mem_add(); a chunk that could
 * not be registered stays allocated and writable.
 */
int sealed_mem_pool_close(struct sealed_mem_pool *pool,
			  struct sealed_mem_registry *reg)
{
	struct sealed_mem_pool_chunk *chunk;
	unsigned long kept;
	int err, ret = 0;

	mutex_lock(&sealed_mem_pool_mutex);
	pool->closed = true;
	sealed_mem_pool_free_room(pool);
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

/**
 * sealed_mem_alloc() - allocate a small table to be sealed after boot
 * @size: length in bytes, at most a chunk: a PMD-level large page, and
 *	at most 2 MiB
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
 * Context: boot time, from early boot (before the slab allocator is up,
 * through memblock) until the late initcalls.  May sleep once the
 * scheduler runs.
 * Return: zeroed memory aligned to 8 bytes, or NULL with a log line if the
 * pool is closed, @size is 0 or over a chunk, @name is missing or too
 * long, the pool's records of its tables or its chunks are used up, or no
 * memory is left.
 */
void *sealed_mem_alloc(size_t size, const char *name)
{
	return sealed_mem_pool_alloc(&sealed_mem_boot_pool, size, name,
				     _RET_IP_);
}

/* The entry of the kernel's pool called @name, or NULL. */
const struct sealed_mem_pool_entry *sealed_mem_pool_find(const char *name)
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
