// SPDX-License-Identifier: GPL-2.0
/*
 * test_sealed_mem: what sealing costs, mode against mode, in one boot.
 *
 * Sealing memory read-only in the linear map costs large-page splits (more
 * TLB misses for the life of the system) and TLB flushes while sealing.
 * This benchmark seals fresh memory laid out as one of a few scenarios, in
 * one of three modes:
 *
 *   naive  set_memory_ro() on each region, as a registry-less user would;
 *          where set_memory_ro() does not take linear-map addresses
 *          (arm64), the arch hook and a flush per region instead
 *   batch  every region registered with a private registry, sealed by
 *          sealed_mem_seal_batch(): sorted, coalesced, one flush
 *   pool   the same bytes asked of a private sealed pool, then the batch
 *
 * and reports, next to what it measured, the physical minimum of splits,
 * computed here from the coalesced ranges and from how the linear map
 * maps them before sealing: one split per large page that the ranges
 * touch without covering it whole.  The kernel's own counts of splits
 * (/proc/vmstat) and of flush IPIs (/proc/interrupts) are read around each
 * run from user space, by tools/testing/selftests/mm/test_sealed_mem.sh:
 *
 *   echo "MODE SCENARIO N" > /sys/kernel/debug/test_sealed_mem
 *   cat /sys/kernel/debug/test_sealed_mem
 *
 * SCENARIO is boot (the sizes of the boot clients), scattered (N single
 * pages, no two adjacent), pairs (N large pages, each as two halves
 * registered separately), huge (N aligned large pages) or tables (N tables
 * of 100 to 3000 bytes); naive and batch only, with memory taken by
 * alloc_contig_range(): at (the large page at pfn N) and pairs1g (N large
 * pages inside one PUD-sized leaf, each as two halves).  Mode "calibrate"
 * hands the regions to the arch hook back to back and flushes once, with
 * no registry: the lower bound of the batch.  A write prepares a run
 * (allocation, layout, registration, whose time is reported apart);
 * writing "seal" then seals it, so that the counts read around that write
 * are the sealing's alone.  "register N" is the boot test's soak: N pages
 * registered with the kernel's registry, each sealed at once.
 *
 * Memory sealed here is never freed: size the machine for it.
 */

#define pr_fmt(fmt) "test_sealed_mem: " fmt

#include <linux/debugfs.h>
#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/pgtable.h>
#include <linux/sealed_mem.h>
#include <linux/set_memory.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

/* The registry and pool internals: the benchmark builds private ones. */
#include "../mm/sealed_mem/sealed_mem.h"

#define BENCH_MAX_REGIONS	8192
/* A large page: the pool's chunk size. */
#define BENCH_BLOCK_ORDER	SEALED_MEM_POOL_ORDER
#define BENCH_BLOCK		SEALED_MEM_POOL_CHUNK

enum bench_mode { BENCH_NAIVE, BENCH_BATCH, BENCH_POOL, BENCH_CALIBRATE };

static const char * const bench_modes[] = {
	[BENCH_NAIVE] = "naive", [BENCH_BATCH] = "batch",
	[BENCH_POOL] = "pool", [BENCH_CALIBRATE] = "calibrate",
};

struct bench_range {
	unsigned long start;
	unsigned long end;
};

/* One run: what was sealed and what it cost. */
struct bench_run {
	enum bench_mode mode;
	char scenario[16];
	unsigned int n;
	struct bench_range *r;		/* the regions, as registered */
	struct bench_range *c;		/* the same, coalesced */
	struct sealed_mem_registry *reg;	/* batch and pool */
	unsigned int nr;
	unsigned long bytes;		/* bytes the scenario asks for */
	unsigned long pages;		/* pages it takes */
	unsigned int ranges;		/* after coalescing */
	long min_pmd, min_pud;		/* physical minimum; -1: unknown */
	unsigned int calls, flushes, sealed;
	unsigned long pfn;		/* of the lowest page sealed */
	u64 total_ns, update_ns, flush_ns;
	u64 register_ns;		/* batch and pool: registration */
	int err;
};

static DEFINE_MUTEX(bench_mutex);
static char bench_result[512];
static u32 bench_seed;

/* Deterministic sizes, the same in every boot. */
static u32 bench_rand(void)
{
	bench_seed = bench_seed * 1103515245 + 12345;
	return bench_seed >> 8;
}

static int bench_add(struct bench_run *run, void *addr, size_t size)
{
	if (!addr)
		return -ENOMEM;
	if (run->nr == BENCH_MAX_REGIONS)
		return -E2BIG;
	run->r[run->nr].start = (unsigned long)addr;
	run->r[run->nr].end = (unsigned long)addr + size;
	run->nr++;
	return 0;
}

/* Pages of their own; the page after each is skipped if @gap. */
static void *bench_pages(unsigned int order, bool gap)
{
	struct page *page;

	page = alloc_pages(GFP_KERNEL | __GFP_ZERO, order + gap);
	if (!page)
		return NULL;
	split_page(page, order + gap);
	return page_address(page);
}

/* @size bytes from @pool, or else pages of their own (see bench_pages()). */
static void *bench_get(struct sealed_mem_pool *pool, size_t size, bool gap)
{
	if (pool)
		return sealed_mem_pool_alloc(pool, size, "bench", _THIS_IP_);
	return bench_pages(get_order(size), gap);
}

/*
 * Lay the scenario out.  Without a pool, each region is pages of its own;
 * with one, the pool is asked for the bytes themselves.  The sizes asked
 * for are the same in every mode.
 */
static int bench_layout(struct bench_run *run, struct sealed_mem_pool *pool)
{
	const char *s = run->scenario;
	unsigned long size;
	unsigned int i;
	void *p;
	int err = 0;

	bench_seed = 1;
	for (i = 0; i < run->n && !err; i++) {
		if (!strcmp(s, "scattered")) {
			size = PAGE_SIZE;
			err = bench_add(run, bench_get(pool, size, true), size);
		} else if (!strcmp(s, "tables")) {
			size = 100 + bench_rand() % 2901;
			p = bench_get(pool, size, false);
			err = bench_add(run, p, pool ? size : PAGE_ALIGN(size));
		} else if (!strcmp(s, "huge")) {
			size = BENCH_BLOCK;
			err = bench_add(run, bench_get(pool, size, false), size);
		} else if (!strcmp(s, "pairs")) {
			/* Two halves of one large page, or two pool tables. */
			size = BENCH_BLOCK;
			p = bench_get(pool, pool ? size / 2 : size, false);
			err = bench_add(run, p, size / 2);
			if (!err)
				p = pool ? bench_get(pool, size / 2, false) :
					   p + size / 2;
			if (!err)
				err = bench_add(run, p, size / 2);
		} else {
			return -EINVAL;
		}
		run->bytes += size;
	}
	return err;
}

/* The boot clients: the command line in a table, the huge zero folio. */
static int bench_layout_boot(struct bench_run *run,
			     struct sealed_mem_pool *pool)
{
	size_t len = strlen(saved_command_line) + 1;
	void *p;
	int err;

	p = bench_get(pool, len, false);
	err = bench_add(run, p, pool ? len : PAGE_ALIGN(len));
	if (!err)
		err = bench_add(run, bench_pages(BENCH_BLOCK_ORDER, false),
				BENCH_BLOCK);
	run->bytes = len + BENCH_BLOCK;
	return err;
}

/*
 * The large page at pfn N, taken whatever it holds now (its movable pages
 * are migrated away): sealed memory at a place of the caller's choosing,
 * such as the start of a memory block to be offlined.
 */
static int bench_layout_at(struct bench_run *run)
{
#ifdef CONFIG_CONTIG_ALLOC
	unsigned long pfn = ALIGN(run->n, 1UL << BENCH_BLOCK_ORDER);
	int err;

	err = alloc_contig_range(pfn, pfn + (1UL << BENCH_BLOCK_ORDER),
				 ACR_FLAGS_NONE, GFP_KERNEL);
	if (err)
		return err;
	run->bytes = BENCH_BLOCK;
	return bench_add(run, pfn_to_kaddr(pfn), BENCH_BLOCK);
#else
	return -EOPNOTSUPP;
#endif
}

/*
 * The large page of "at" when the registry refused it (ZONE_MOVABLE, CMA):
 * nothing pins it, so it goes back, and its memory block stays offlinable.
 */
static void bench_give_back_at(struct bench_run *run)
{
#ifdef CONFIG_CONTIG_ALLOC
	if (strcmp(run->scenario, "at") ||
	    (run->reg && !list_empty(&run->reg->regions)))
		return;
	free_contig_range(PHYS_PFN(__pa(run->r[0].start)),
			  1UL << BENCH_BLOCK_ORDER);
#endif
}

/*
 * N adjacent large pages inside one PUD-sized leaf of the linear map, each
 * as two halves, taken with alloc_contig_range() from the highest such
 * leaf where they can be had: the minimum is one PUD split and no PMD
 * split, where sealing region by region splits each large page too.
 */
static int bench_layout_pud(struct bench_run *run)
{
#ifdef CONFIG_CONTIG_ALLOC
	unsigned long nr = 1UL << BENCH_BLOCK_ORDER, per = PUD_SIZE >> PAGE_SHIFT;
	unsigned long base, first, pfn;
	unsigned int i;
	int err = -ENOENT;

	if (run->n > per / nr)
		return -EINVAL;
	for (base = ALIGN_DOWN(max_pfn, per); base && err; base -= per) {
		if (!pfn_to_online_page(base) ||
		    sealed_mem_leaf_size((unsigned long)pfn_to_kaddr(base)) !=
		    PUD_SIZE)
			continue;
		/* Slide a window of N large pages over the leaf. */
		for (first = base; first + run->n * nr <= base + per;
		     first += nr) {
			for (i = 0; i < run->n; i++) {
				pfn = first + i * nr;
				if (alloc_contig_range(pfn, pfn + nr,
						       ACR_FLAGS_NONE,
						       GFP_KERNEL))
					break;
			}
			if (i == run->n) {
				err = 0;
				break;
			}
			while (i--)
				free_contig_range(first + i * nr, nr);
		}
	}
	for (i = 0; i < run->n && !err; i++) {
		void *p = pfn_to_kaddr(first + i * nr);

		err = bench_add(run, p, BENCH_BLOCK / 2);
		if (!err)
			err = bench_add(run, p + BENCH_BLOCK / 2, BENCH_BLOCK / 2);
	}
	run->bytes = run->n * BENCH_BLOCK;
	return err;
#else
	return -EOPNOTSUPP;
#endif
}

static int bench_cmp(const void *a, const void *b)
{
	const struct bench_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* Sort and merge adjacent ranges, in a copy; returns how many remain. */
static unsigned int bench_coalesce(struct bench_range *c,
				   const struct bench_range *r,
				   unsigned int nr)
{
	unsigned int i, n = 0;

	memcpy(c, r, nr * sizeof(*c));
	sort(c, nr, sizeof(*c), bench_cmp, NULL);
	for (i = 0; i < nr; i++) {
		c[i].start = PAGE_ALIGN_DOWN(c[i].start);
		c[i].end = PAGE_ALIGN(c[i].end);
		if (n && c[i].start <= c[n - 1].end)
			c[n - 1].end = max(c[n - 1].end, c[i].end);
		else
			c[n++] = c[i];
	}
	return n;
}

/*
 * Large pages of @size that the coalesced ranges touch without covering:
 * each is split once if it is mapped by a leaf of at least @size now
 * (a large page inside a larger leaf is split on the way down too).
 * Coalesced ranges leave gaps between them, so a large page covered by
 * none of them whole is touched only partly.  -1 if the architecture
 * cannot tell how an address is mapped.
 */
static long bench_min_splits(const struct bench_range *c, unsigned int n,
			     unsigned long size)
{
	unsigned long page, last = 1, addr, leaf;
	unsigned int i, k;
	long count = 0;

	for (i = 0; i < n; i++) {
		for (k = 0; k < 2; k++) {
			addr = k ? c[i].end - 1 : c[i].start;
			page = ALIGN_DOWN(addr, size);
			if (page == last)
				continue;
			last = page;
			if (c[i].start <= page && page + size <= c[i].end)
				continue;
			leaf = sealed_mem_leaf_size(addr);
			if (!leaf)
				return -1;
			count += leaf >= size;
		}
	}
	return count;
}

static int bench_naive(struct bench_run *run)
{
	struct bench_range *r;
	int err;

	for (r = run->r; r < run->r + run->nr; r++) {
		unsigned long start = PAGE_ALIGN_DOWN(r->start);
		unsigned long end = PAGE_ALIGN(r->end);

		err = set_memory_ro(start, (end - start) >> PAGE_SHIFT);
		if (err == -EINVAL) {
			/* arm64: set_memory_ro() takes vmalloc memory only. */
			err = arch_sealed_mem_protect(start, end);
			if (!err)
				arch_sealed_mem_flush(start, end);
		}
		if (err)
			return err;
		run->calls++;
		run->flushes++;
	}
	return 0;
}

/* Register the regions, or close the pool, with a registry of their own. */
static int bench_register(struct bench_run *run, struct sealed_mem_pool *pool)
{
	struct sealed_mem_region *desc;
	unsigned int i;
	int err = 0;
	u64 t0;

	/* Both live as long as the sealed memory: never freed. */
	run->reg = kzalloc_obj(*run->reg);
	desc = kcalloc(run->nr, sizeof(*desc), GFP_KERNEL);
	if (!run->reg || !desc) {
		kfree(run->reg);
		kfree(desc);
		run->reg = NULL;
		return -ENOMEM;
	}
	INIT_LIST_HEAD(&run->reg->regions);
	t0 = ktime_get_ns();
	if (pool)
		err = sealed_mem_pool_close(pool, run->reg);
	for (i = 0; i < run->nr && !err; i++) {
		/* Only the boot scenario's huge page is not a pool table. */
		if (pool && (strcmp(run->scenario, "boot") || !i))
			continue;
		err = sealed_mem_add(run->reg, &desc[i],
				     (void *)run->r[i].start,
				     run->r[i].end - run->r[i].start,
				     run->scenario, SEALED_MEM_BY_ARCH,
				     _THIS_IP_);
	}
	run->register_ns = ktime_get_ns() - t0;
	return err;
}

static void bench_batch(struct bench_run *run)
{
	const struct sealed_mem_stats *st = &run->reg->stats;

	sealed_mem_seal_batch(run->reg);
	run->calls = st->ranges;
	run->flushes = st->flushes;
	run->total_ns = st->batch_ns;
	run->flush_ns = st->flush_ns;
	run->update_ns = st->update_ns;
}

/*
 * The bare architecture: each coalesced range to the arch hook in address
 * order, back to back, as the batch hands them over, then one flush; no
 * registry.  Its time per range is the batch's lower bound.
 */
static int bench_calibrate(struct bench_run *run)
{
	struct bench_range *r;
	u64 t0, t1;
	int err;

	t0 = ktime_get_ns();
	for (r = run->c; r < run->c + run->ranges; r++) {
		err = arch_sealed_mem_protect(r->start, r->end);
		if (err)
			return err;
		run->calls++;
	}
	t1 = ktime_get_ns();
	arch_sealed_mem_flush(run->c[0].start, run->c[run->ranges - 1].end);
	run->flushes = 1;
	run->update_ns = t1 - t0;
	run->flush_ns = ktime_get_ns() - t1;
	run->total_ns = run->update_ns + run->flush_ns;
	return 0;
}

static void bench_free(struct bench_run *run)
{
	kvfree(run->r);
	kvfree(run->c);
	run->r = NULL;
	run->c = NULL;
}

/*
 * Everything but the sealing: allocate and lay out, compute the minimum,
 * register.  The vmalloc aliases that the bench's own allocations left
 * lazily mapped are purged here, so that their flush is not counted as
 * the sealing's.
 */
static int bench_prepare(struct bench_run *run)
{
	struct sealed_mem_pool *pool = NULL;
	unsigned int i;
	int err;

	run->r = kvcalloc(BENCH_MAX_REGIONS, sizeof(*run->r), GFP_KERNEL);
	run->c = kvcalloc(BENCH_MAX_REGIONS, sizeof(*run->c), GFP_KERNEL);
	if (!run->r || !run->c)
		return -ENOMEM;
	if (run->mode == BENCH_POOL) {
		/* Lives as long as the sealed memory: never freed. */
		pool = kzalloc_obj(*pool);
		if (!pool)
			return -ENOMEM;
		pool->name = "bench_pool";
		pool->max_entries = run->n * 2;
		pool->entries = kvcalloc(pool->max_entries,
					 sizeof(*pool->entries), GFP_KERNEL);
		if (!pool->entries) {
			kfree(pool);
			return -ENOMEM;
		}
	}

	if (run->mode == BENCH_CALIBRATE)
		err = bench_layout(run, NULL);
	else if (!strcmp(run->scenario, "boot"))
		err = bench_layout_boot(run, pool);
	else if (!strcmp(run->scenario, "at") && !pool)
		err = bench_layout_at(run);
	else if (!strcmp(run->scenario, "pairs1g") && !pool)
		err = bench_layout_pud(run);
	else
		err = bench_layout(run, pool);
	if (err)
		return err;

	/* What the pool hands out is sealed whole pages at a time. */
	run->ranges = bench_coalesce(run->c, run->r, run->nr);
	for (i = 0; i < run->ranges; i++)
		run->pages += (run->c[i].end - run->c[i].start) >> PAGE_SHIFT;
	run->pfn = PHYS_PFN(__pa(run->c[0].start));
	run->min_pmd = bench_min_splits(run->c, run->ranges, PMD_SIZE);
	run->min_pud = bench_min_splits(run->c, run->ranges, PUD_SIZE);

	if (run->mode == BENCH_BATCH || run->mode == BENCH_POOL) {
		err = bench_register(run, pool);
		if (err) {
			bench_give_back_at(run);
			return err;
		}
	}
	vm_unmap_aliases();
	return 0;
}

static int bench_seal(struct bench_run *run)
{
	unsigned int i;
	u64 t0;
	int err = 0;

	switch (run->mode) {
	case BENCH_NAIVE:
		t0 = ktime_get_ns();
		err = bench_naive(run);
		run->total_ns = ktime_get_ns() - t0;
		break;
	case BENCH_CALIBRATE:
		err = bench_calibrate(run);
		break;
	default:
		bench_batch(run);
	}
	if (err)
		return err;
	for (i = 0; i < run->ranges; i++)
		run->sealed += sealed_mem_range_ro(run->c[i].start,
						     run->c[i].end) == 1;
	return 0;
}

/*
 * "register N", the soak: N fresh pages, each filled with a byte of its
 * pfn and registered with the kernel's own registry, which seals it at
 * once (the boot-time batch is over).  Not under bench_mutex, so that
 * several writers register at once, against each other, readers of
 * /proc/sealed_mem and the periodic audit.  Each page must come back
 * sealed and intact.  What the registry recorded is never freed.
 */
static int bench_soak(unsigned int n)
{
	unsigned int i, good = 0;
	struct page *page;
	void *addr;
	int err = 0;

	for (i = 0; i < n && !err; i++) {
		page = alloc_page(GFP_KERNEL);
		if (!page) {
			err = -ENOMEM;
			break;
		}
		addr = page_address(page);
		memset(addr, (u8)page_to_pfn(page), PAGE_SIZE);
		err = sealed_mem_register(addr, PAGE_SIZE, "soak");
		if (err && sealed_mem_lookup(addr) < 0) {
			__free_page(page);
			break;
		}
		if (sealed_mem_lookup(addr) == SEALED_MEM_SEALED &&
		    !memchr_inv(addr, (u8)page_to_pfn(page), PAGE_SIZE))
			good++;
	}
	pr_info("soak: %u of %u pages registered, sealed and intact (err %d)\n",
		good, n, err);
	return err ?: (good == n ? 0 : -EIO);
}

/* The run written last: prepared, waiting for "seal". */
static struct bench_run bench_pending;
static bool bench_prepared;

static ssize_t bench_write(struct file *file, const char __user *ubuf,
			   size_t len, loff_t *ppos)
{
	struct bench_run *run = &bench_pending;
	char buf[64], mode[16], scenario[16];
	unsigned int i, n;
	int err;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';

	if (sscanf(buf, "register %u", &n) == 1) {
		if (!n || n > BENCH_MAX_REGIONS)
			return -EINVAL;
		err = bench_soak(n);
		return err ?: len;
	}

	mutex_lock(&bench_mutex);
	if (sysfs_streq(buf, "seal")) {
		err = -ENOENT;
		if (!bench_prepared)
			goto out;
		run->err = bench_seal(run);
		bench_free(run);
		bench_prepared = false;
		scnprintf(bench_result, sizeof(bench_result),
			  "mode=%s scenario=%s n=%u regions=%u ranges=%u bytes=%lu pages=%lu min_2m=%ld min_1g=%ld calls=%u flushes=%u sealed=%u total_ns=%llu update_ns=%llu flush_ns=%llu register_ns=%llu pfn=%#lx err=%d\n",
			  bench_modes[run->mode], run->scenario, run->n,
			  run->nr, run->ranges, run->bytes, run->pages,
			  run->min_pmd, run->min_pud, run->calls,
			  run->flushes, run->sealed, run->total_ns,
			  run->update_ns, run->flush_ns, run->register_ns,
			  run->pfn, run->err);
		err = run->err;
		goto out;
	}

	err = -EINVAL;
	if (sscanf(buf, "%15s %15s %u", mode, scenario, &n) != 3 || !n ||
	    (n > BENCH_MAX_REGIONS / 2 && strcmp(scenario, "at")))
		goto out;
	for (i = 0; i < ARRAY_SIZE(bench_modes); i++)
		if (!strcmp(mode, bench_modes[i]))
			break;
	if (i == ARRAY_SIZE(bench_modes))
		goto out;
	/* A run prepared and never sealed stays allocated: it is lost. */
	bench_free(run);
	*run = (struct bench_run){ .mode = i, .n = n };
	strscpy(run->scenario, scenario);
	err = bench_prepare(run);
	if (err)
		bench_free(run);
	bench_prepared = !err;
	snprintf(bench_result, sizeof(bench_result),
		 "mode=%s scenario=%s n=%u prepared err=%d\n", mode,
		 run->scenario, n, err);
out:
	mutex_unlock(&bench_mutex);
	return err ?: len;
}

static ssize_t bench_read(struct file *file, char __user *ubuf, size_t len,
			  loff_t *ppos)
{
	ssize_t ret;

	mutex_lock(&bench_mutex);
	ret = simple_read_from_buffer(ubuf, len, ppos, bench_result,
				      strlen(bench_result));
	mutex_unlock(&bench_mutex);
	return ret;
}

static const struct file_operations bench_fops = {
	.owner	= THIS_MODULE,
	.read	= bench_read,
	.write	= bench_write,
	.llseek	= default_llseek,
};

static int __init test_sealed_mem_init(void)
{
	debugfs_create_file("test_sealed_mem", 0600, NULL, NULL, &bench_fops);
	return 0;
}
late_initcall_sync(test_sealed_mem_init);
