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
 */

#define pr_fmt(fmt) "sealed_mem: " fmt

#include <linux/gfp.h>
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
int sealed_mem_pool_close(struct sealed_mem_pool *pool,
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
