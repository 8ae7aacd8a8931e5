// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for sealed_mem.
 *
 * Most cases build a private registry, so that what they register never
 * reaches the kernel's own; only the end-to-end case seals a page through
 * the public API.  Memory that a case seals, for real or through the stub,
 * is pinned by the registry and never freed, as in production.
 */

#include <kunit/static_stub.h>
#include <kunit/test.h>
#include <linux/cma.h>
#include <linux/delay.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/io.h>
#include <linux/kmemleak.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/mount.h>
#include <linux/pgalloc.h>
#include <linux/page-flags.h>
#include <linux/pgtable.h>
#include <linux/sealed_mem.h>
#include <linux/set_memory.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <asm/sections.h>
#ifdef CONFIG_X86
#include <asm/setup.h>
#endif
#include <asm/tlbflush.h>

#include "sealed_mem.h"

#define TEST_PATTERN	0x5a

/* x86_64 itself, not um on top of it. */
#if defined(CONFIG_X86_64) && !defined(CONFIG_UML)
#define TEST_X86_64
#endif

/* Where the architecture can seal the linear map at all. */
static bool arch_can_seal(void)
{
#ifdef CONFIG_ARCH_HAS_SEALED_MEM
	return can_set_direct_map();
#else
	return false;
#endif
}

static enum sealed_mem_state expected_state(void)
{
	return arch_can_seal() ? SEALED_MEM_SEALED : SEALED_MEM_UNSUPPORTED;
}

static void *page_addr(struct page *pages, unsigned int i)
{
	return page_address(pages + i);
}

/*
 * Zeroed block of 2^order pages, split so that each holds a reference of
 * its own, as sealed_mem requires; never freed if any of it gets sealed.
 */
static struct page *alloc_block(struct kunit *test, unsigned int order)
{
	struct page *pages = alloc_pages(GFP_KERNEL | __GFP_ZERO, order);

	KUNIT_ASSERT_NOT_NULL(test, pages);
	split_page(pages, order);
	return pages;
}

/* Give back a block of alloc_block() that nothing sealed. */
static void free_block(struct page *pages, unsigned int order)
{
	unsigned long i;

	for (i = 0; i < 1UL << order; i++)
		__free_page(pages + i);
}

/* Register with a private registry, sealed through the architecture. */
#define test_add(reg, region, addr, size, name)			\
	sealed_mem_add(reg, region, addr, size, name,			\
		       SEALED_MEM_BY_ARCH, _THIS_IP_)

/* One byte written through the kernel's fault-tolerant path. */
static int try_write(void *addr)
{
	u8 byte = ~TEST_PATTERN;

	return copy_to_kernel_nofault(addr, &byte, 1);
}

static bool all_bytes(const void *addr, u8 value, size_t size)
{
	return !memchr_inv(addr, value, size);
}

/* Registration before the page allocator is up: no references yet. */
static bool stub_pages_not_ready(void)
{
	return false;
}

/* --- Refusals ----------------------------------------------------------- */

#define HELD_FIRST	1	/* the registered region: pages 1, 2 and 3 */
#define HELD_PAGES	3
#define BLOCK_ORDER	3	/* of an 8-page block */

enum refusal_kind {
	REFUSE_NULL_DESC,
	REFUSE_NULL_ADDR,
	REFUSE_UNALIGNED_START,
	REFUSE_UNALIGNED_SIZE,
	REFUSE_ZERO_SIZE,
	REFUSE_WRAP,
	REFUSE_VMALLOC,
	REFUSE_KERNEL_TEXT,
	REFUSE_KERNEL_RODATA,
	REFUSE_KERNEL_ALIAS,
	REFUSE_OVERLAP_START,
	REFUSE_OVERLAP_MIDDLE,
	REFUSE_OVERLAP_END,
	REFUSE_OVERLAP_COVER,
	REFUSE_SAME_DESC,
	REFUSE_LIVE_DESC,
	REFUSE_NULL_NAME,
	REFUSE_LONG_NAME,
	REFUSE_MODULE,
	REFUSE_IOREMAP,
	REFUSE_HIGHMEM,
	REFUSE_ATOMIC,
};

struct refusal_case {
	enum refusal_kind kind;
	const char *desc;
	int err;
};

static const struct refusal_case refusal_cases[] = {
	{ REFUSE_NULL_DESC, "NULL descriptor", -EINVAL },
	{ REFUSE_NULL_ADDR, "NULL address", -EFAULT },
	{ REFUSE_UNALIGNED_START, "unaligned start", -EINVAL },
	{ REFUSE_UNALIGNED_SIZE, "unaligned size", -EINVAL },
	{ REFUSE_ZERO_SIZE, "zero size", -EINVAL },
	{ REFUSE_WRAP, "wrap-around", -EOVERFLOW },
	{ REFUSE_VMALLOC, "vmalloc address", -EFAULT },
	{ REFUSE_KERNEL_TEXT, "kernel text", -EPERM },
	{ REFUSE_KERNEL_RODATA, "kernel rodata", -EPERM },
	{ REFUSE_KERNEL_ALIAS, "linear alias of the kernel image", -EPERM },
	{ REFUSE_OVERLAP_START, "overlap at the start", -EEXIST },
	{ REFUSE_OVERLAP_MIDDLE, "overlap in the middle", -EEXIST },
	{ REFUSE_OVERLAP_END, "overlap at the end", -EEXIST },
	{ REFUSE_OVERLAP_COVER, "overlap covering", -EEXIST },
	{ REFUSE_SAME_DESC, "same descriptor twice", -EBUSY },
	{ REFUSE_LIVE_DESC, "live descriptor reused", -EBUSY },
	{ REFUSE_NULL_NAME, "NULL name", -EINVAL },
	{ REFUSE_LONG_NAME, "overlong name", -ENAMETOOLONG },
	{ REFUSE_MODULE, "module address", -EFAULT },
	{ REFUSE_IOREMAP, "I/O (ioremap) address", -EFAULT },
	{ REFUSE_HIGHMEM, "highmem page", -EFAULT },
	{ REFUSE_ATOMIC, "atomic context", -EWOULDBLOCK },
};

static void refusal_case_desc(const struct refusal_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(refusal, refusal_cases, refusal_case_desc);

struct region_snapshot {
	const struct sealed_mem_region *region;
	unsigned long start, size;
	enum sealed_mem_state state;
};

static unsigned int snapshot(struct sealed_mem_registry *reg,
			     struct region_snapshot *snap, unsigned int max)
{
	struct sealed_mem_region *region;
	unsigned int n = 0;

	list_for_each_entry(region, &reg->regions, node) {
		if (n < max) {
			snap[n].region = region;
			snap[n].start = region->start;
			snap[n].size = region->size;
			snap[n].state = region->state;
		}
		n++;
	}
	return n;
}

static void sealed_mem_test_refusal(struct kunit *test)
{
	const struct refusal_case *c = test->param_value;
	struct sealed_mem_registry reg = SEALED_MEM_REGISTRY_INIT(reg);
	struct sealed_mem_region held = { }, fresh = { };
	struct sealed_mem_region *desc = &fresh;
	struct region_snapshot before[2] = { }, after[2] = { };
	const char *name = "kunit-refused";
	unsigned int n_before, n_after;
	unsigned long size = PAGE_SIZE;
	struct page *pages, *high = NULL;
	void __iomem *io = NULL;
	void *vmem = NULL;
	void *addr;
	int err;

	pages = alloc_block(test, BLOCK_ORDER);
	/* As in early boot, with no references taken: the block can go back. */
	kunit_activate_static_stub(test, sealed_mem_pages_ready,
				   stub_pages_not_ready);
	KUNIT_ASSERT_EQ(test, test_add(&reg, &held,
				       page_addr(pages, HELD_FIRST),
				       HELD_PAGES * PAGE_SIZE, "kunit-held"), 0);
	addr = page_addr(pages, 0);

	switch (c->kind) {
	case REFUSE_NULL_DESC:
		desc = NULL;
		break;
	case REFUSE_NULL_ADDR:
		addr = NULL;
		break;
	case REFUSE_UNALIGNED_START:
		addr += 64;
		break;
	case REFUSE_UNALIGNED_SIZE:
		size = PAGE_SIZE + 64;
		break;
	case REFUSE_ZERO_SIZE:
		size = 0;
		break;
	case REFUSE_WRAP:
		addr = (void *)(ULONG_MAX & PAGE_MASK);
		size = 2 * PAGE_SIZE;
		break;
	case REFUSE_VMALLOC:
		vmem = vmalloc(PAGE_SIZE);
		KUNIT_ASSERT_NOT_NULL(test, vmem);
		addr = vmem;
		break;
	case REFUSE_KERNEL_TEXT:
		addr = (void *)PAGE_ALIGN((unsigned long)_stext);
		break;
	case REFUSE_KERNEL_RODATA:
		addr = (void *)PAGE_ALIGN((unsigned long)__start_rodata);
		break;
	case REFUSE_KERNEL_ALIAS:
		if (IS_ENABLED(CONFIG_UML))
			kunit_skip(test, "um maps its image in the linear map: no separate alias");
		addr = lm_alias((void *)PAGE_ALIGN((unsigned long)__start_rodata));
		break;
	case REFUSE_OVERLAP_START:
		size = 2 * PAGE_SIZE;				/* pages 0-1 */
		break;
	case REFUSE_OVERLAP_MIDDLE:
		addr = page_addr(pages, HELD_FIRST + 1);	/* page 2 */
		break;
	case REFUSE_OVERLAP_END:
		addr = page_addr(pages, HELD_FIRST + HELD_PAGES - 1);
		size = 2 * PAGE_SIZE;				/* pages 3-4 */
		break;
	case REFUSE_OVERLAP_COVER:
		size = 5 * PAGE_SIZE;				/* pages 0-4 */
		break;
	case REFUSE_SAME_DESC:
		desc = &held;
		addr = page_addr(pages, HELD_FIRST);
		size = HELD_PAGES * PAGE_SIZE;
		break;
	case REFUSE_LIVE_DESC:
		desc = &held;
		addr = page_addr(pages, 6);
		break;
	case REFUSE_NULL_NAME:
		name = NULL;
		break;
	case REFUSE_LONG_NAME:
		name = "kunit-this-name-is-far-too-long-to-fit";
		break;
	case REFUSE_MODULE:
#ifdef MODULES_VADDR
		addr = (void *)PAGE_ALIGN(MODULES_VADDR);
#else
		kunit_skip(test, "no module area on this architecture");
#endif
		break;
	case REFUSE_IOREMAP:
#if defined(CONFIG_HAS_IOMEM) && !defined(CONFIG_UML)
		/* Past the end of RAM: not RAM, so ioremap() maps it. */
		io = ioremap(round_up(__pa(high_memory - 1) + 1, SZ_1G),
			     PAGE_SIZE);
		addr = (void __force *)io;
		KUNIT_ASSERT_NOT_NULL(test, addr);
#else
		kunit_skip(test, "no I/O memory to ioremap() on this architecture");
#endif
		break;
	case REFUSE_HIGHMEM:
#ifdef CONFIG_HIGHMEM
		high = alloc_page(GFP_HIGHUSER);
		KUNIT_ASSERT_NOT_NULL(test, high);
		addr = kmap_local_page(high);
#else
		kunit_skip(test, "no highmem: this kernel maps all of RAM");
#endif
		break;
	case REFUSE_ATOMIC:
		break;
	}

	n_before = snapshot(&reg, before, ARRAY_SIZE(before));
	if (c->kind == REFUSE_ATOMIC) {
		local_irq_disable();
		err = test_add(&reg, desc, addr, size, name);
		local_irq_enable();
	} else {
		err = test_add(&reg, desc, addr, size, name);
	}
	n_after = snapshot(&reg, after, ARRAY_SIZE(after));

	KUNIT_EXPECT_EQ(test, err, c->err);
	KUNIT_ASSERT_EQ(test, n_after, n_before);
	KUNIT_EXPECT_EQ(test, n_after, 1);
	KUNIT_EXPECT_MEMEQ(test, after, before, n_after * sizeof(after[0]));
	KUNIT_EXPECT_PTR_EQ(test, fresh.node.next, NULL);
	KUNIT_EXPECT_EQ(test, held.state, SEALED_MEM_PENDING);

	vfree(vmem);
	if (io)
		iounmap(io);
	if (high) {
		kunmap_local(addr);
		__free_page(high);
	}
	/* Nothing was sealed in this registry: the block can go back. */
	free_block(pages, BLOCK_ORDER);
}

/* --- Memory that may not be sealed, and memory that may ---------------- */

/*
 * The refusal of the kernel image covers only what the image still owns,
 * its reserved pages.  On x86_64 the unused tail of the brk area, from
 * _brk_end to _end, is never reserved for the image: it is free memory
 * from early boot on, which the page allocator or memblock may have given
 * to anyone by now (memblock, when KASLR puts the image near the top of
 * memory; its pages are then reserved, and not the image's).  The case
 * only asks the checks about it, since it does not own it: whatever else
 * they say of it (free, it has no reference of its own), it is not the
 * image's.  Asked as if before the struct pages are initialised, when the
 * checks cannot tell reserved pages from free ones, they refuse the
 * image's last page and accept the tail's first, whatever its state.
 */
#ifdef TEST_X86_64
static int check_only(void *addr, const char **why)
{
	struct sealed_mem_region fresh = { };

	*why = "";
	return sealed_mem_check(&fresh, (unsigned long)addr, PAGE_SIZE,
				"kunit-check", SEALED_MEM_BY_ARCH, why);
}
#endif

#define IMAGE_WHY	"linear alias of the kernel image, use __ro_after_init"

static void sealed_mem_test_image_gave_back(struct kunit *test)
{
#ifdef TEST_X86_64
	unsigned long tail = PAGE_ALIGN(_brk_end);
	const char *why;
	void *addr;
	int err;

	if (tail >= (unsigned long)_end)
		kunit_skip(test, "the brk area is used up to _end: nothing given back");
	addr = lm_alias((void *)tail);
	err = check_only(addr, &why);
	KUNIT_EXPECT_NE_MSG(test, err, -EPERM, "refused: %s", why);
	KUNIT_EXPECT_STRNEQ(test, why, IMAGE_WHY);
	/* The page before it, the image's own, is still refused as such. */
	KUNIT_ASSERT_TRUE(test, PageReserved(virt_to_page(addr - PAGE_SIZE)));
	KUNIT_EXPECT_EQ(test, check_only(addr - PAGE_SIZE, &why), -EPERM);
	KUNIT_EXPECT_STREQ(test, why, IMAGE_WHY);
	/* As before the struct pages tell: by address alone. */
	kunit_activate_static_stub(test, sealed_mem_pages_ready,
				   stub_pages_not_ready);
	KUNIT_EXPECT_EQ_MSG(test, check_only(addr, &why), 0, "refused: %s", why);
	KUNIT_EXPECT_EQ(test, check_only(addr - PAGE_SIZE, &why), -EPERM);
	KUNIT_EXPECT_STREQ(test, why, IMAGE_WHY);
#else
	kunit_skip(test, "only x86_64 gives image memory back before KUnit runs");
#endif
}

/*
 * Only pages that hold a reference, or belong to a folio that does, can
 * be pinned: the tail of a non-compound high-order block has none, and
 * __free_pages() of the block would free it whatever the registry held.
 * It is refused; the same pages split, or as a folio, are accepted.
 */
static void sealed_mem_test_refuse_unpinnable(struct kunit *test)
{
	struct sealed_mem_registry reg = SEALED_MEM_REGISTRY_INIT(reg);
	struct sealed_mem_region desc = { };
	struct page *block = alloc_pages(GFP_KERNEL | __GFP_ZERO, 1);
	int err;

	KUNIT_ASSERT_NOT_NULL(test, block);
	KUNIT_ASSERT_EQ(test, page_ref_count(block + 1), 0);
	err = test_add(&reg, &desc, page_address(block), 2 * PAGE_SIZE,
		       "kunit-tail");
	KUNIT_EXPECT_EQ(test, err, -EINVAL);
	KUNIT_EXPECT_EQ(test, page_ref_count(block), 1);
	KUNIT_EXPECT_EQ(test, page_ref_count(block + 1), 0);
	KUNIT_EXPECT_TRUE(test, list_empty(&reg.regions));
	if (!err)
		return;		/* registered: pinned for good */

	split_page(block, 1);
	KUNIT_EXPECT_EQ(test, test_add(&reg, &desc, page_address(block),
				       2 * PAGE_SIZE, "kunit-split"), 0);
	KUNIT_EXPECT_EQ(test, page_ref_count(block + 1), 2);
}

/*
 * Register @page alone in a private registry: it must be refused with
 * @want, get no reference and leave the registry empty.  Return whether
 * the page can go back (it was not registered after all).
 */
static bool expect_refused(struct kunit *test, struct page *page,
			   const char *name, int want)
{
	struct sealed_mem_registry reg = SEALED_MEM_REGISTRY_INIT(reg);
	struct sealed_mem_region desc = { };
	int err;

	err = test_add(&reg, &desc, page_address(page), PAGE_SIZE, name);
	KUNIT_EXPECT_EQ(test, err, want);
	KUNIT_EXPECT_EQ(test, page_ref_count(page), 1);
	KUNIT_EXPECT_TRUE(test, list_empty(&reg.regions));
	return err != 0;	/* registered: pinned for good */
}

/*
 * Movable memory must stay migratable: a page of ZONE_MOVABLE is refused
 * and gets no reference.  make test boots the suite with movablecore= and
 * requires this case to pass on x86_64 and arm64; um creates no
 * ZONE_MOVABLE from it.
 */
static void sealed_mem_test_refuse_movable(struct kunit *test)
{
	struct page *page = alloc_page(GFP_HIGHUSER_MOVABLE);

	KUNIT_ASSERT_NOT_NULL(test, page);
	if (page_zonenum(page) != ZONE_MOVABLE) {
		__free_page(page);
		kunit_skip(test, "no ZONE_MOVABLE page: no movablecore= (um ignores it)");
	}
	if (expect_refused(test, page, "kunit-movable", -EPERM))
		__free_page(page);
}

#ifdef CONFIG_CMA
static int first_cma_area(struct cma *cma, void *data)
{
	*(struct cma **)data = cma;
	return 1;
}
#endif

/*
 * A page of a CMA area is refused, for the same reason, and not pinned.
 * make test reserves a CMA area on x86_64 and arm64 and requires this case
 * to pass there; um has no DMA contiguous allocator.
 */
static void sealed_mem_test_refuse_cma(struct kunit *test)
{
#ifdef CONFIG_CMA
	struct cma *cma = NULL;
	struct page *page;

	cma_for_each_area(first_cma_area, &cma);
	if (!cma)
		kunit_skip(test, "no CMA area reserved (DMA_CMA with CMA_SIZE_MBYTES or cma=)");
	page = cma_alloc(cma, 1, 0, false);
	KUNIT_ASSERT_NOT_NULL(test, page);
	if (expect_refused(test, page, "kunit-cma", -EPERM))
		cma_release(cma, page, 1);
#else
	kunit_skip(test, "no CONFIG_CMA");
#endif
}

/* --- Batch, with the architecture replaced by a recording stub ----------- */

#define MAX_CALLS	8

struct stub_log {
	unsigned int calls;
	unsigned int fail_call;		/* 1-based call to fail, 0: none */
	int fail_err;
	bool real;			/* pass the other calls to the arch */
	unsigned long start[MAX_CALLS], end[MAX_CALLS];
};

static int stub_arch_protect(unsigned long start, unsigned long end)
{
	struct kunit *test = kunit_get_current_test();
	struct stub_log *log = test->priv;
	unsigned int n = log->calls++;

	if (n < MAX_CALLS) {
		log->start[n] = start;
		log->end[n] = end;
	}
	if (log->calls == log->fail_call)
		return log->fail_err;
	return log->real ? arch_sealed_mem_protect(start, end) : 0;
}

static struct stub_log *use_stub(struct kunit *test)
{
	struct stub_log *log = kunit_kzalloc(test, sizeof(*log), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, log);
	test->priv = log;
	kunit_activate_static_stub(test, sealed_mem_arch_protect,
				   stub_arch_protect);
	return log;
}

/*
 * Regions registered out of order, some adjacent, one overlapping: the
 * batch must hand the architecture each maximal run once, in address
 * order, and flush once.
 */
static void sealed_mem_test_coalesce(struct kunit *test)
{
	static const struct { unsigned int first, pages; } in[] = {
		{ 8, 2 }, { 0, 2 }, { 12, 1 }, { 2, 1 }, { 3, 2 }, { 10, 1 },
	};
	static const struct { unsigned int first, pages; } out[] = {
		{ 0, 5 }, { 8, 3 }, { 12, 1 },
	};
	struct sealed_mem_registry *reg;
	struct sealed_mem_region *regions, overlap = { };
	struct sealed_mem_region *region;
	struct stub_log *log = use_stub(test);
	struct page *pages = alloc_block(test, 4);
	unsigned int i;

	reg = kunit_kzalloc(test, sizeof(*reg), GFP_KERNEL);
	regions = kunit_kcalloc(test, ARRAY_SIZE(in), sizeof(*regions),
				GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, reg);
	KUNIT_ASSERT_NOT_NULL(test, regions);
	INIT_LIST_HEAD(&reg->regions);

	for (i = 0; i < ARRAY_SIZE(in); i++)
		KUNIT_ASSERT_EQ(test,
				test_add(reg, &regions[i],
					 page_addr(pages, in[i].first),
					 in[i].pages * PAGE_SIZE, "kunit-run"),
				0);
	/* Pages 4-5 overlap the region at 3-4: refused, never batched. */
	KUNIT_EXPECT_EQ(test, test_add(reg, &overlap, page_addr(pages, 4),
				       2 * PAGE_SIZE, "kunit-overlap"),
			-EEXIST);

	/* The registry is sorted by address. */
	i = 0;
	list_for_each_entry(region, &reg->regions, node) {
		if (i++)
			KUNIT_EXPECT_GE(test, region->start,
					list_prev_entry(region, node)->start +
					list_prev_entry(region, node)->size);
	}
	KUNIT_EXPECT_EQ(test, i, ARRAY_SIZE(in));

	sealed_mem_seal_batch(reg);

	KUNIT_ASSERT_EQ(test, log->calls, ARRAY_SIZE(out));
	for (i = 0; i < ARRAY_SIZE(out); i++) {
		unsigned long start = (unsigned long)page_addr(pages,
							       out[i].first);

		KUNIT_EXPECT_EQ_MSG(test, log->start[i], start, "range %u", i);
		KUNIT_EXPECT_EQ_MSG(test, log->end[i],
				    start + out[i].pages * PAGE_SIZE,
				    "range %u", i);
	}
	KUNIT_EXPECT_EQ(test, reg->stats.ranges, ARRAY_SIZE(out));
	KUNIT_EXPECT_EQ(test, reg->stats.flushes, 1);
	KUNIT_EXPECT_TRUE(test, reg->batch_done);
	for (i = 0; i < ARRAY_SIZE(in); i++)
		KUNIT_EXPECT_EQ(test, regions[i].state, SEALED_MEM_SEALED);
}

/* A batch with nothing in it hands nothing to the arch and flushes nothing. */
static void sealed_mem_test_empty_batch(struct kunit *test)
{
	struct sealed_mem_registry reg = SEALED_MEM_REGISTRY_INIT(reg);
	struct stub_log *log = use_stub(test);

	sealed_mem_seal_batch(&reg);
	KUNIT_EXPECT_EQ(test, log->calls, 0);
	KUNIT_EXPECT_EQ(test, reg.stats.ranges, 0);
	KUNIT_EXPECT_EQ(test, reg.stats.flushes, 0);
	KUNIT_EXPECT_TRUE(test, reg.batch_done);
}

/*
 * The architecture fails on the second of three ranges: the first and
 * third are still sealed, the second is recorded as failed and its memory
 * stays writable and intact.
 */
static void sealed_mem_test_arch_failure_mid_batch(struct kunit *test)
{
	struct sealed_mem_registry *reg;
	struct sealed_mem_region *regions;
	struct stub_log *log = use_stub(test);
	struct page *pages = alloc_block(test, 3);
	static const unsigned int first[] = { 0, 3, 6 };
	unsigned int i;

	reg = kunit_kzalloc(test, sizeof(*reg), GFP_KERNEL);
	regions = kunit_kcalloc(test, 3, sizeof(*regions), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, reg);
	KUNIT_ASSERT_NOT_NULL(test, regions);
	INIT_LIST_HEAD(&reg->regions);
	log->real = true;
	log->fail_call = 2;
	log->fail_err = -ENOMEM;

	for (i = 0; i < 3; i++) {
		memset(page_addr(pages, first[i]), TEST_PATTERN, PAGE_SIZE);
		KUNIT_ASSERT_EQ(test, test_add(reg, &regions[i],
					       page_addr(pages, first[i]),
					       PAGE_SIZE, "kunit-fail"), 0);
	}
	sealed_mem_seal_batch(reg);

	KUNIT_EXPECT_EQ(test, log->calls, 3);
	KUNIT_EXPECT_EQ(test, reg->stats.ranges, 3);
	KUNIT_EXPECT_EQ(test, reg->stats.flushes, arch_can_seal() ? 1 : 0);
	KUNIT_EXPECT_EQ(test, regions[0].state, expected_state());
	KUNIT_EXPECT_EQ(test, regions[1].state, SEALED_MEM_FAILED);
	KUNIT_EXPECT_EQ(test, regions[1].err, -ENOMEM);
	KUNIT_EXPECT_EQ(test, regions[2].state, expected_state());

	for (i = 0; i < 3; i++) {
		void *addr = page_addr(pages, first[i]);
		bool sealed = regions[i].state == SEALED_MEM_SEALED;

		KUNIT_EXPECT_EQ_MSG(test, try_write(addr), sealed ? -EFAULT : 0,
				    "region %u (%s)", i,
				    sealed_mem_state_name(regions[i].state));
		if (!sealed) {
			/* Writable and correct: the write landed. */
			KUNIT_EXPECT_EQ(test, *(u8 *)addr, (u8)~TEST_PATTERN);
			*(u8 *)addr = TEST_PATTERN;
		}
		KUNIT_EXPECT_TRUE(test, all_bytes(addr, TEST_PATTERN,
						  PAGE_SIZE));
	}
}

#ifdef CONFIG_X86
static unsigned int split_allocs, split_fail_at;

/* CPA's page table for a split: the split_fail_at-th cannot be had. */
static pte_t *stub_split_fails(void)
{
	if (++split_allocs == split_fail_at)
		return NULL;
	return pte_alloc_one_kernel(&init_mm);
}
#endif

#ifdef CONFIG_ARM64
static unsigned int walk_calls;

/*
 * The permission walk makes the first half of the range read-only for
 * real, then fails, as a walk that stops part way would.  What follows,
 * the undo included, runs unstubbed.
 */
static int stub_walk_fails(unsigned long addr, unsigned long size, bool ro)
{
	struct kunit *test = kunit_get_current_test();

	kunit_deactivate_static_stub(test, direct_map_set_ro);
	walk_calls++;
	KUNIT_EXPECT_TRUE(test, ro);
	KUNIT_EXPECT_EQ(test, direct_map_set_ro(addr, size / 2, ro), 0);
	KUNIT_EXPECT_EQ(test, sealed_mem_range_ro(addr, addr + size / 2), 1);
	return -EINVAL;
}

/* Every page of the range on its own: writable in the page tables. */
static void expect_each_writable(struct kunit *test, void *addr,
				 unsigned int nr)
{
	unsigned long p = (unsigned long)addr;
	unsigned int i;

	for (i = 0; i < nr; i++, p += PAGE_SIZE)
		KUNIT_EXPECT_EQ_MSG(test, sealed_mem_range_ro(p, p + PAGE_SIZE),
				    0, "page %u of %u", i, nr);
}
#endif

#define WALK_PAGES	4

/*
 * The architecture fails half-way through a range.  x86: CPA runs out of
 * memory; it must split two 2M pages for a region that straddles them,
 * and the page-table page for the second 2M split cannot be allocated (a
 * static stub in CPA).  With a 2M direct map those are its first two
 * splits; with 1G pages, CPA first splits the 1G page that holds both
 * into 2M pages.  arm64: the permission walk stops after making half of
 * the range read-only (a static stub on the walk).  Either way the half
 * already made read-only is made writable again, the region is recorded
 * failed, the batch flushes nothing, and the memory stays writable and
 * intact.
 */
static void sealed_mem_test_arch_fails_part_way(struct kunit *test)
{
#if defined(CONFIG_ARM64)
	struct sealed_mem_registry reg = SEALED_MEM_REGISTRY_INIT(reg);
	struct sealed_mem_region region = { };
	unsigned int i;
	u8 *addr;

	if (!arch_can_seal())
		kunit_skip(test, "this kernel cannot change its linear map");
	addr = page_address(alloc_block(test, ilog2(WALK_PAGES)));
	memset(addr, TEST_PATTERN, WALK_PAGES * PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, test_add(&reg, &region, addr,
				       WALK_PAGES * PAGE_SIZE,
				       "kunit-walk-fails"), 0);
	walk_calls = 0;
	/* The stub deactivates itself; KUnit does, should it not be called. */
	kunit_activate_static_stub(test, direct_map_set_ro, stub_walk_fails);
	sealed_mem_seal_batch(&reg);

	KUNIT_EXPECT_EQ(test, walk_calls, 1);
	KUNIT_EXPECT_EQ(test, region.state, SEALED_MEM_FAILED);
	KUNIT_EXPECT_EQ(test, region.err, -EINVAL);
	KUNIT_EXPECT_EQ(test, reg.stats.flushes, 0);
	expect_each_writable(test, addr, WALK_PAGES);
	KUNIT_EXPECT_TRUE(test, all_bytes(addr, TEST_PATTERN,
					  WALK_PAGES * PAGE_SIZE));
	for (i = 0; i < WALK_PAGES; i++)
		KUNIT_EXPECT_EQ_MSG(test, try_write(addr + i * PAGE_SIZE), 0,
				    "page %u", i);
	/* The block stays with the registry, which holds its pages. */
#elif !defined(CONFIG_X86)
	kunit_skip(test, "the architecture's failure is stubbed on x86 and arm64 only");
#else
	struct sealed_mem_registry reg = SEALED_MEM_REGISTRY_INIT(reg);
	struct sealed_mem_region region = { };
	unsigned int order = PMD_ORDER + 1;
	unsigned long mid, lo, hi;
	struct page *block;
	u8 *addr;

	if (!arch_can_seal())
		kunit_skip(test, "this kernel cannot change its linear map");
	block = alloc_block(test, order);
	mid = (unsigned long)page_address(block) + PMD_SIZE;
	lo = sealed_mem_leaf_size(mid - PAGE_SIZE);
	hi = sealed_mem_leaf_size(mid);
	if (lo == PMD_SIZE && hi == PMD_SIZE) {
		split_fail_at = 2;
	} else if (lo == PUD_SIZE && hi == PUD_SIZE &&
		   ALIGN_DOWN(mid - PAGE_SIZE, PUD_SIZE) == ALIGN_DOWN(mid, PUD_SIZE)) {
		split_fail_at = 3;	/* after the 1G split and the first 2M one */
	} else {
		free_block(block, order);
		kunit_skip(test, "4M block on leaves of %lu and %lu bytes: already split",
			   lo, hi);
	}
	addr = (u8 *)mid - PAGE_SIZE;
	memset(addr, TEST_PATTERN, 2 * PAGE_SIZE);

	KUNIT_ASSERT_EQ(test, test_add(&reg, &region, addr, 2 * PAGE_SIZE,
				       "kunit-split-fails"), 0);
	split_allocs = 0;
	kunit_activate_static_stub(test, cpa_alloc_split_pte,
				   stub_split_fails);
	sealed_mem_seal_batch(&reg);
	kunit_deactivate_static_stub(test, cpa_alloc_split_pte);

	KUNIT_EXPECT_EQ(test, split_allocs, split_fail_at);
	KUNIT_EXPECT_EQ(test, region.state, SEALED_MEM_FAILED);
	KUNIT_EXPECT_EQ(test, region.err, -ENOMEM);
	KUNIT_EXPECT_EQ(test, reg.stats.ranges, 1);
	KUNIT_EXPECT_EQ(test, reg.stats.flushes, 0);
	/* The first half was split and read-only: it is writable again. */
	KUNIT_EXPECT_EQ(test, sealed_mem_leaf_size(mid - PAGE_SIZE),
			PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, sealed_mem_range_ro((unsigned long)addr,
						  mid + PAGE_SIZE), 0);
	KUNIT_EXPECT_TRUE(test, all_bytes(addr, TEST_PATTERN, 2 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, try_write(addr), 0);
	KUNIT_EXPECT_EQ(test, try_write(addr + PAGE_SIZE), 0);
	/* The block stays with the registry, which holds its pages. */
#endif
}

/*
 * The batch counts the large pages it splits from the leaf sizes at the
 * ends of each range.  Two adjacent pages straddling the boundary of two
 * 2M leaves, registered apart and coalesced into one range, split both; a
 * 2M-aligned 2M block keeps its leaf; one page inside a third 2M leaf
 * splits it once, both ends of its range lying in it.  With 1G pages each
 * 1G leaf they lie in splits first, into 2M leaves, once.  Needs fresh
 * memory on intact large pages, which a few tries find: earlier activity
 * may have split some.
 */
#define SPLIT_TRIES	4

enum { SPLIT_PAIR, SPLIT_WHOLE, SPLIT_ONE, SPLIT_BLOCKS };

static bool on_leaves(unsigned long start, unsigned long end,
		      unsigned long size)
{
	return sealed_mem_leaf_size(start) == size &&
	       sealed_mem_leaf_size(end - 1) == size;
}

/* How many distinct 1G leaves hold these addresses. */
static unsigned int pud_leaves(const unsigned long *addr, unsigned int n)
{
	unsigned int i, j, count = 0;

	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++)
			if (ALIGN_DOWN(addr[j], PUD_SIZE) ==
			    ALIGN_DOWN(addr[i], PUD_SIZE))
				break;
		count += j == i;
	}
	return count;
}

/* A block of 2^order pages, split, or NULL; never warns. */
static struct page *try_block(unsigned int order)
{
	struct page *pages;

	pages = alloc_pages(GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN, order);
	if (pages)
		split_page(pages, order);
	return pages;
}

/*
 * Blocks of PMD_ORDER + 1 (the pair) and PMD_ORDER pages whose large
 * pages are intact, all on leaves of one size; *leaf is set to it, or 0,
 * and *seen to the largest leaf met.  Blocks that do not qualify are kept
 * until the end, so that a retry cannot get the same one back, then freed.
 */
static unsigned int split_order(unsigned int i)
{
	return i == SPLIT_PAIR ? PMD_ORDER + 1 : PMD_ORDER;
}

static void split_blocks(unsigned long *base, unsigned long *leaf,
			 unsigned long *seen)
{
	struct page *reject[SPLIT_BLOCKS * SPLIT_TRIES];
	unsigned int order[SPLIT_BLOCKS * SPLIT_TRIES];
	unsigned int i, tries, n = 0;
	unsigned long addr, size;
	struct page *pages;

	*leaf = 0;
	*seen = 0;
	for (i = 0; i < SPLIT_BLOCKS; i++) {
		base[i] = 0;
		for (tries = 0; tries < SPLIT_TRIES && !base[i]; tries++) {
			pages = try_block(split_order(i));
			if (!pages)
				break;
			addr = (unsigned long)page_address(pages);
			size = *leaf ?: sealed_mem_leaf_size(addr);
			*seen = max(*seen, sealed_mem_leaf_size(addr));
			if ((size == PMD_SIZE || size == PUD_SIZE) &&
			    on_leaves(addr, addr + (PAGE_SIZE << split_order(i)),
				      size)) {
				base[i] = addr;
				*leaf = size;
			} else {
				order[n] = split_order(i);
				reject[n++] = pages;
			}
		}
		if (!base[i])
			break;
	}
	while (n--)
		free_block(reject[n], order[n]);
	if (i < SPLIT_BLOCKS) {
		while (i--)
			free_block(virt_to_page((void *)base[i]), split_order(i));
		*leaf = 0;
	}
}

static void sealed_mem_test_split_count(struct kunit *test)
{
	struct sealed_mem_registry reg = SEALED_MEM_REGISTRY_INIT(reg);
	struct sealed_mem_region lo = { }, hi = { }, whole = { }, one = { };
	unsigned long base[SPLIT_BLOCKS], leaf, seen, mid, at[4];

	if (!arch_can_seal())
		kunit_skip(test, "this kernel cannot change its linear map");
	if (PMD_ORDER + 1 > MAX_PAGE_ORDER)
		kunit_skip(test, "no block of two PMD-level pages with this page size");
	split_blocks(base, &leaf, &seen);
	if (seen == PAGE_SIZE)
		kunit_skip(test, "the linear map is mapped with pages here: nothing to split");
	if (!leaf)
		kunit_skip(test, "no memory on intact large pages in %d tries",
			   SPLIT_TRIES);

	mid = base[SPLIT_PAIR] + PMD_SIZE;
	KUNIT_ASSERT_EQ(test, test_add(&reg, &lo, (void *)(mid - PAGE_SIZE),
				       PAGE_SIZE, "kunit-pair-lo"), 0);
	KUNIT_ASSERT_EQ(test, test_add(&reg, &hi, (void *)mid, PAGE_SIZE,
				       "kunit-pair-hi"), 0);
	KUNIT_ASSERT_EQ(test, test_add(&reg, &whole, (void *)base[SPLIT_WHOLE],
				       PMD_SIZE, "kunit-whole-2m"), 0);
	KUNIT_ASSERT_EQ(test, test_add(&reg, &one,
				       (void *)(base[SPLIT_ONE] + PMD_SIZE / 2),
				       PAGE_SIZE, "kunit-one-page"), 0);
	sealed_mem_seal_batch(&reg);
	KUNIT_ASSERT_EQ(test, lo.state, SEALED_MEM_SEALED);
	KUNIT_ASSERT_EQ(test, hi.state, SEALED_MEM_SEALED);
	KUNIT_ASSERT_EQ(test, whole.state, SEALED_MEM_SEALED);
	KUNIT_ASSERT_EQ(test, one.state, SEALED_MEM_SEALED);

	KUNIT_EXPECT_EQ(test, reg.stats.ranges, 3);
	KUNIT_EXPECT_TRUE(test, reg.stats.splits_known);
	KUNIT_EXPECT_EQ(test, reg.stats.splits_pmd, 3);
	at[0] = mid - PAGE_SIZE;
	at[1] = mid;
	at[2] = base[SPLIT_WHOLE];
	at[3] = base[SPLIT_ONE];
	KUNIT_EXPECT_EQ(test, reg.stats.splits_pud,
			leaf == PUD_SIZE ? pud_leaves(at, 4) : 0);
	KUNIT_EXPECT_EQ(test, sealed_mem_leaf_size(mid - PAGE_SIZE), PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, sealed_mem_leaf_size(mid), PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, sealed_mem_leaf_size(base[SPLIT_WHOLE]), PMD_SIZE);
	KUNIT_EXPECT_EQ(test, sealed_mem_range_ro(base[SPLIT_WHOLE],
						  base[SPLIT_WHOLE] + PMD_SIZE), 1);
	KUNIT_EXPECT_EQ(test, sealed_mem_leaf_size(base[SPLIT_ONE]), PAGE_SIZE);
	/* The blocks stay with the registry, which holds their pages. */
}

/*
 * After the batch a registration is sealed at once; when the architecture
 * fails, the error is returned, the region is recorded as failed and the
 * memory is left writable and intact.
 */
static void sealed_mem_test_arch_failure_late(struct kunit *test)
{
	struct sealed_mem_registry reg = SEALED_MEM_REGISTRY_INIT(reg);
	struct sealed_mem_region region = { };
	struct stub_log *log = use_stub(test);
	struct page *page = alloc_block(test, 0);
	void *addr = page_address(page);

	sealed_mem_seal_batch(&reg);
	log->fail_call = 1;
	log->fail_err = -ENOMEM;
	memset(addr, TEST_PATTERN, PAGE_SIZE);

	KUNIT_EXPECT_EQ(test, test_add(&reg, &region, addr, PAGE_SIZE,
				       "kunit-late-fail"), -ENOMEM);
	KUNIT_EXPECT_EQ(test, log->calls, 1);
	KUNIT_EXPECT_EQ(test, region.state, SEALED_MEM_FAILED);
	KUNIT_EXPECT_EQ(test, region.err, -ENOMEM);
	KUNIT_EXPECT_PTR_EQ(test, list_first_entry(&reg.regions,
						   struct sealed_mem_region,
						   node), &region);
	KUNIT_EXPECT_EQ(test, reg.stats.flushes, 0);
	KUNIT_EXPECT_TRUE(test, all_bytes(addr, TEST_PATTERN, PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, try_write(addr), 0);
	KUNIT_EXPECT_EQ(test, *(u8 *)addr, (u8)~TEST_PATTERN);
	/* The registry pins the page even though sealing failed: leave it. */
}

/* --- Memory in the kernel's read-only data ------------------------------- */

/* Linear alias of the @i-th whole page of the kernel's read-only data. */
static void *rodata_page(unsigned int i)
{
	unsigned long addr = PAGE_ALIGN((unsigned long)__start_rodata) +
			     i * PAGE_SIZE;

	if (addr + PAGE_SIZE > (unsigned long)__end_rodata)
		return NULL;
	return lm_alias((void *)addr);
}

/*
 * A region in the kernel's read-only data is listed, never handed to the
 * architecture, and takes the state mark_readonly() reports, also when it
 * is registered after that.  Anything outside rodata is refused.
 */
static void sealed_mem_test_rodata(struct kunit *test)
{
	struct sealed_mem_registry reg = SEALED_MEM_REGISTRY_INIT(reg);
	struct sealed_mem_region ro = { }, late = { }, bad = { }, rw = { };
	struct stub_log *log = use_stub(test);
	struct page *page = alloc_block(test, 0);
	void *first = rodata_page(0), *second = rodata_page(1);

	KUNIT_ASSERT_NOT_NULL(test, second);

	KUNIT_ASSERT_EQ(test, sealed_mem_add(&reg, &ro, first, PAGE_SIZE,
					     "kunit-rodata",
					     SEALED_MEM_BY_RODATA, _THIS_IP_),
			0);
	KUNIT_EXPECT_EQ(test, ro.state, SEALED_MEM_PENDING);
	KUNIT_EXPECT_EQ(test, ro.method, SEALED_MEM_BY_RODATA);
	KUNIT_EXPECT_EQ(test, sealed_mem_add(&reg, &bad, page_address(page),
					     PAGE_SIZE, "kunit-not-rodata",
					     SEALED_MEM_BY_RODATA, _THIS_IP_),
			-EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, bad.node.next, NULL);
	KUNIT_EXPECT_EQ(test, list_count_nodes(&reg.regions), 1);

	/* The batch seals the ordinary region and leaves rodata alone. */
	KUNIT_ASSERT_EQ(test, test_add(&reg, &rw, page_address(page), PAGE_SIZE,
				       "kunit-rw"), 0);
	sealed_mem_seal_batch(&reg);
	KUNIT_EXPECT_EQ(test, log->calls, 1);
	KUNIT_EXPECT_EQ(test, log->start[0], (unsigned long)page_address(page));
	KUNIT_EXPECT_EQ(test, rw.state, SEALED_MEM_SEALED);
	KUNIT_EXPECT_EQ(test, ro.state, SEALED_MEM_PENDING);

	sealed_mem_mark_rodata(&reg, true);
	KUNIT_EXPECT_EQ(test, ro.state, SEALED_MEM_SEALED);
	KUNIT_EXPECT_EQ(test, ro.err, 0);
	KUNIT_EXPECT_EQ(test, rw.state, SEALED_MEM_SEALED);

	/* Registered once rodata is protected: sealed at once, no arch call. */
	KUNIT_ASSERT_EQ(test, sealed_mem_add(&reg, &late, second, PAGE_SIZE,
					     "kunit-rodata-late",
					     SEALED_MEM_BY_RODATA, _THIS_IP_),
			0);
	KUNIT_EXPECT_EQ(test, late.state, SEALED_MEM_SEALED);
	KUNIT_EXPECT_EQ(test, log->calls, 1);
	KUNIT_EXPECT_EQ(test, reg.stats.flushes, 1);

	/* rodata=off: listed as unsupported. */
	sealed_mem_mark_rodata(&reg, false);
	KUNIT_EXPECT_EQ(test, ro.state, SEALED_MEM_UNSUPPORTED);
	KUNIT_EXPECT_EQ(test, late.err, -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, rw.state, SEALED_MEM_SEALED);
}

/*
 * x86_64 and arm64 keep the zero page in read-only data: the kernel's
 * registry lists it, at the address ZERO_PAGE() gives, pending until
 * mark_readonly() (built-in tests run before it) and sealed afterwards.
 */
static void sealed_mem_test_zero_page_listed(struct kunit *test)
{
	void *zero = page_address(ZERO_PAGE(0));
	void *found = NULL;
	int state;

	if (IS_ENABLED(CONFIG_UML) ||
	    (!IS_ENABLED(CONFIG_X86_64) && !IS_ENABLED(CONFIG_ARM64)))
		kunit_skip(test, "zero page not in this arch's read-only data");

	state = sealed_mem_find("zero_page", &found);
	KUNIT_EXPECT_EQ(test, state, system_state == SYSTEM_RUNNING ?
				     SEALED_MEM_SEALED : SEALED_MEM_PENDING);
	KUNIT_EXPECT_PTR_EQ(test, found, zero);
	KUNIT_EXPECT_EQ(test, sealed_mem_lookup(zero + PAGE_SIZE - 1), state);
	KUNIT_EXPECT_TRUE(test, all_bytes(zero, 0, PAGE_SIZE));
}

/* --- sealed_mem=off and the integrity audit ------------------------------ */

/*
 * With sealing off, regions are recorded as disabled, before and after the
 * batch, the architecture is never called and the memory stays writable.
 */
static void sealed_mem_test_disabled(struct kunit *test)
{
	struct sealed_mem_registry reg = SEALED_MEM_REGISTRY_INIT(reg);
	struct sealed_mem_region early = { }, late = { };
	struct stub_log *log = use_stub(test);
	struct page *pages = alloc_block(test, 1);
	void *a = page_addr(pages, 0), *b = page_addr(pages, 1);

	reg.disabled = true;
	memset(a, TEST_PATTERN, 2 * PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, test_add(&reg, &early, a, PAGE_SIZE,
				       "kunit-off-early"), 0);
	sealed_mem_seal_batch(&reg);
	KUNIT_ASSERT_EQ(test, test_add(&reg, &late, b, PAGE_SIZE,
				       "kunit-off-late"), 0);

	KUNIT_EXPECT_EQ(test, early.state, SEALED_MEM_DISABLED);
	KUNIT_EXPECT_EQ(test, late.state, SEALED_MEM_DISABLED);
	KUNIT_EXPECT_EQ(test, log->calls, 0);
	KUNIT_EXPECT_EQ(test, reg.stats.flushes, 0);
	KUNIT_EXPECT_EQ(test, list_count_nodes(&reg.regions), 2);
	KUNIT_EXPECT_EQ(test, try_write(a), 0);
	KUNIT_EXPECT_EQ(test, try_write(b), 0);
	/* Nothing to audit: disabled regions were never sealed. */
	KUNIT_EXPECT_EQ(test, sealed_mem_audit(&reg), 0);
	KUNIT_EXPECT_EQ(test, early.state, SEALED_MEM_DISABLED);
	/* sealed_mem=off takes no references: the block can go back. */
	KUNIT_EXPECT_FALSE(test, early.pinned);
	KUNIT_EXPECT_FALSE(test, late.pinned);
	KUNIT_EXPECT_EQ(test, page_ref_count(pages), 1);
	KUNIT_EXPECT_EQ(test, page_ref_count(pages + 1), 1);
	list_del(&early.node);
	list_del(&late.node);
	free_block(pages, 1);
}

/*
 * The checksum half of the audit: a region recorded as sealed whose
 * contents change (the stub leaves it writable) is caught, counted and
 * reported once; an untouched one is left alone.
 */
static void sealed_mem_test_audit_checksum(struct kunit *test)
{
	struct sealed_mem_registry reg = SEALED_MEM_REGISTRY_INIT(reg);
	struct sealed_mem_region kept = { }, changed = { };
	struct page *pages = alloc_block(test, 2);
	void *a = page_addr(pages, 0), *b = page_addr(pages, 2);

	use_stub(test);
	memset(a, TEST_PATTERN, PAGE_SIZE);
	memset(b, TEST_PATTERN, PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, test_add(&reg, &kept, a, PAGE_SIZE,
				       "kunit-kept"), 0);
	KUNIT_ASSERT_EQ(test, test_add(&reg, &changed, b, PAGE_SIZE,
				       "kunit-changed"), 0);
	sealed_mem_seal_batch(&reg);
	KUNIT_ASSERT_EQ(test, changed.state, SEALED_MEM_SEALED);

	((u8 *)b)[PAGE_SIZE - 1] ^= 1;
	if (arch_can_seal()) {
		/* The stub sealed nothing: the page tables say writable. */
		KUNIT_EXPECT_EQ(test, sealed_mem_audit(&reg), 2);
		KUNIT_EXPECT_EQ(test, kept.state, SEALED_MEM_TAMPERED);
	} else {
		KUNIT_EXPECT_EQ(test, sealed_mem_audit(&reg), 1);
		KUNIT_EXPECT_EQ(test, kept.state, SEALED_MEM_SEALED);
	}
	KUNIT_EXPECT_EQ(test, changed.state, SEALED_MEM_TAMPERED);
	KUNIT_EXPECT_EQ(test, reg.stats.tampered, arch_can_seal() ? 2 : 1);
	/* Reported once: a second audit finds nothing new. */
	KUNIT_EXPECT_EQ(test, sealed_mem_audit(&reg), 0);
	KUNIT_EXPECT_EQ(test, reg.stats.audits, 2);
}

/*
 * A region with a hardware-poisoned page is never read by the audit, since
 * reading the page would consume the error: it is marked poisoned and
 * reported once, although its contents changed (the stub left it
 * writable), and the audit goes on with the other regions.
 */
static void sealed_mem_test_audit_poisoned(struct kunit *test)
{
	struct sealed_mem_registry reg = SEALED_MEM_REGISTRY_INIT(reg);
	struct sealed_mem_region poisoned = { }, clean = { };
	struct page *pages;
	unsigned int found;
	void *a, *b;

	if (!IS_ENABLED(CONFIG_MEMORY_FAILURE))
		kunit_skip(test, "no CONFIG_MEMORY_FAILURE: no page can be poisoned");
	pages = alloc_block(test, 2);
	a = page_addr(pages, 0);
	b = page_addr(pages, 3);
	use_stub(test);
	KUNIT_ASSERT_EQ(test, test_add(&reg, &poisoned, a, 2 * PAGE_SIZE,
				       "kunit-poisoned"), 0);
	KUNIT_ASSERT_EQ(test, test_add(&reg, &clean, b, PAGE_SIZE,
				       "kunit-clean"), 0);
	sealed_mem_seal_batch(&reg);
	KUNIT_ASSERT_EQ(test, poisoned.state, SEALED_MEM_SEALED);

	SetPageHWPoison(pages + 1);
	((u8 *)a)[PAGE_SIZE] ^= 1;
	found = sealed_mem_audit(&reg);
	ClearPageHWPoison(pages + 1);

	KUNIT_EXPECT_EQ(test, poisoned.state, SEALED_MEM_POISONED);
	/* The stub sealed nothing: where the page tables tell, writable. */
	KUNIT_EXPECT_EQ(test, found, arch_can_seal() ? 1 : 0);
	KUNIT_EXPECT_EQ(test, clean.state, arch_can_seal() ?
			SEALED_MEM_TAMPERED : SEALED_MEM_SEALED);
	KUNIT_EXPECT_EQ(test, reg.stats.tampered, found);
	/* Reported once, and not read again, even with the flag gone. */
	KUNIT_EXPECT_EQ(test, sealed_mem_audit(&reg), 0);
	KUNIT_EXPECT_EQ(test, poisoned.state, SEALED_MEM_POISONED);
}

#ifdef CONFIG_ARCH_HAS_SEALED_MEM
/* Give a sealed page its write permission back, behind the registry. */
static int make_writable(unsigned long addr)
{
#ifdef CONFIG_X86
	bool flush_all = false;

	return set_direct_map_ro_noflush(addr, 1, false, &flush_all);
#else
	return set_direct_map_ro_noflush(addr, 1, false);
#endif
}
#endif

/*
 * The whole audit on real sealed memory: one region is made writable
 * again behind the registry's back and changed, another only made
 * writable.  The audit reports both, and a clean region not at all.
 */
static void sealed_mem_test_audit_tamper(struct kunit *test)
{
#ifdef CONFIG_ARCH_HAS_SEALED_MEM
	struct sealed_mem_registry reg = SEALED_MEM_REGISTRY_INIT(reg);
	struct sealed_mem_region regions[3] = { };
	struct page *pages = alloc_block(test, 3);
	unsigned long addr[3];
	unsigned int i;

	if (!arch_can_seal())
		kunit_skip(test, "block-mapped linear map (rodata=noalias): cannot seal");

	for (i = 0; i < 3; i++) {
		addr[i] = (unsigned long)page_addr(pages, 2 * i);
		memset((void *)addr[i], TEST_PATTERN, PAGE_SIZE);
		KUNIT_ASSERT_EQ(test, test_add(&reg, &regions[i],
					       (void *)addr[i], PAGE_SIZE,
					       "kunit-audited"), 0);
	}
	sealed_mem_seal_batch(&reg);
	for (i = 0; i < 3; i++)
		KUNIT_ASSERT_EQ(test, regions[i].state, SEALED_MEM_SEALED);
	KUNIT_EXPECT_EQ(test, sealed_mem_range_ro(addr[0], addr[0] + PAGE_SIZE),
			1);
	KUNIT_EXPECT_EQ(test, sealed_mem_audit(&reg), 0);

	/* Behind the registry's back: writable again, then changed. */
	for (i = 0; i < 2; i++) {
		KUNIT_ASSERT_EQ(test, make_writable(addr[i]), 0);
		flush_tlb_kernel_range(addr[i], addr[i] + PAGE_SIZE);
	}
	KUNIT_EXPECT_EQ(test, sealed_mem_range_ro(addr[0], addr[0] + PAGE_SIZE),
			0);
	KUNIT_ASSERT_EQ(test, try_write((void *)addr[0]), 0);

	KUNIT_EXPECT_EQ(test, sealed_mem_audit(&reg), 2);
	KUNIT_EXPECT_EQ(test, regions[0].state, SEALED_MEM_TAMPERED);
	KUNIT_EXPECT_EQ(test, regions[1].state, SEALED_MEM_TAMPERED);
	KUNIT_EXPECT_EQ(test, regions[2].state, SEALED_MEM_SEALED);
	KUNIT_EXPECT_EQ(test, reg.stats.tampered, 2);
	KUNIT_EXPECT_EQ(test, sealed_mem_audit(&reg), 0);
	KUNIT_EXPECT_EQ(test, reg.stats.audits, 3);
#else
	kunit_skip(test, "no architecture support: nothing can be sealed");
#endif
}

/* --- Concurrency ---------------------------------------------------------- */

#define CONC_THREADS	8
#define CONC_EACH	16	/* regions per thread, every other page */

struct conc_thread {
	struct kunit *test;
	struct sealed_mem_registry *reg;
	struct sealed_mem_region *regions;
	struct page *pages;
	unsigned int id;
	int bad;			/* registrations that did not return 0 */
	struct completion done;
};

/*
 * Register this thread's regions, querying the kernel's registry in
 * between.  The registry's lock serialises the stub's log.
 */
static int conc_fn(void *data)
{
	struct conc_thread *t = data;
	unsigned int i, first = t->id * CONC_EACH * 2;
	void *found;

	current->kunit_test = t->test;
	for (i = 0; i < CONC_EACH; i++) {
		if (test_add(t->reg, &t->regions[i],
			     page_addr(t->pages, first + 2 * i), PAGE_SIZE,
			     "kunit-concurrent"))
			t->bad++;
		sealed_mem_lookup(page_addr(t->pages, first + 2 * i));
		sealed_mem_find("zero_page", &found);
		if (i % 4 == 0)
			usleep_range(10, 50);
	}
	current->kunit_test = NULL;
	complete(&t->done);
	return 0;
}

/*
 * Threads register at once while the batch runs: every region is recorded
 * once, handed to the architecture exactly once (in the batch or at its
 * registration after it) and sealed; the registry stays sorted.
 */
static void sealed_mem_test_concurrent(struct kunit *test)
{
	struct sealed_mem_registry *reg;
	struct conc_thread *threads;
	struct sealed_mem_region *region, *prev = NULL;
	struct stub_log *log = use_stub(test);
	struct page *pages = alloc_block(test, 8);	/* 256 pages */
	struct task_struct *task;
	unsigned int i, n = 0, sealed = 0;

	BUILD_BUG_ON(CONC_THREADS * CONC_EACH * 2 > 256);
	reg = kunit_kzalloc(test, sizeof(*reg), GFP_KERNEL);
	threads = kunit_kcalloc(test, CONC_THREADS, sizeof(*threads),
				GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, reg);
	KUNIT_ASSERT_NOT_NULL(test, threads);
	INIT_LIST_HEAD(&reg->regions);

	for (i = 0; i < CONC_THREADS; i++) {
		threads[i] = (struct conc_thread) {
			.test = test, .reg = reg, .pages = pages, .id = i,
		};
		threads[i].regions = kunit_kcalloc(test, CONC_EACH,
						   sizeof(*region), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, threads[i].regions);
		init_completion(&threads[i].done);
		task = kthread_run(conc_fn, &threads[i], "sealed_mem_kunit/%u",
				   i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(task));
		if (i == CONC_THREADS / 2)
			sealed_mem_seal_batch(reg);
	}
	for (i = 0; i < CONC_THREADS; i++) {
		wait_for_completion(&threads[i].done);
		KUNIT_EXPECT_EQ_MSG(test, threads[i].bad, 0, "thread %u", i);
	}

	list_for_each_entry(region, &reg->regions, node) {
		if (prev)
			KUNIT_EXPECT_GE(test, region->start,
					prev->start + prev->size);
		sealed += region->state == SEALED_MEM_SEALED;
		prev = region;
		n++;
	}
	KUNIT_EXPECT_EQ(test, n, CONC_THREADS * CONC_EACH);
	KUNIT_EXPECT_EQ(test, sealed, CONC_THREADS * CONC_EACH);
	/* No two regions are adjacent: one architecture call each. */
	KUNIT_EXPECT_EQ(test, log->calls, CONC_THREADS * CONC_EACH);
	KUNIT_EXPECT_EQ(test, reg->stats.ranges, CONC_THREADS * CONC_EACH);
	KUNIT_EXPECT_TRUE(test, reg->batch_done);
}

/*
 * Two registrations of one descriptor race: one of them is refused however
 * they interleave.  The first is held in its first check of the struct
 * pages (a stub) while the second runs: until it is done or asleep on the
 * registry's lock.  If the "already registered" check came before the
 * lock, the first would have passed it, the second would wait for the
 * first, and both would link the descriptor.  The second runs without the
 * stubs.
 */
#define RACE_WAIT_MS	10000

struct race {
	struct sealed_mem_registry reg;
	struct sealed_mem_region desc;
	void *second_addr;
	struct task_struct *task;
	bool started, waited, held;
	int err;
	struct completion done;
};

static int race_second(void *data)
{
	struct race *r = data;

	WRITE_ONCE(r->started, true);
	r->err = test_add(&r->reg, &r->desc, r->second_addr, PAGE_SIZE,
			  "kunit-race-second");
	complete(&r->done);
	return 0;
}

static bool stub_pages_ready_race(void)
{
	struct race *r = kunit_get_current_test()->priv;
	unsigned long deadline = jiffies + msecs_to_jiffies(RACE_WAIT_MS);
	struct task_struct *task;

	if (r->held)
		return true;
	r->held = true;
	task = kthread_create(race_second, r, "sealed_mem_kunit/race");
	if (IS_ERR(task))
		return true;
	get_task_struct(task);
	r->task = task;
	wake_up_process(task);
	while (time_before(jiffies, deadline)) {
		if (completion_done(&r->done) ||
		    (READ_ONCE(r->started) &&
		     READ_ONCE(task->__state) == TASK_UNINTERRUPTIBLE)) {
			r->waited = true;
			break;
		}
		usleep_range(500, 1000);
	}
	return true;
}

static void sealed_mem_test_same_desc_race(struct kunit *test)
{
	struct page *pages = alloc_block(test, 2);
	struct sealed_mem_region *region;
	unsigned int n = 0;
	struct race *r;
	int err;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	INIT_LIST_HEAD(&r->reg.regions);
	init_completion(&r->done);
	r->err = -ENODATA;
	r->second_addr = page_addr(pages, 2);
	test->priv = r;
	kunit_activate_static_stub(test, sealed_mem_pages_ready,
				   stub_pages_ready_race);

	err = test_add(&r->reg, &r->desc, page_addr(pages, 0), PAGE_SIZE,
		       "kunit-race-first");
	KUNIT_ASSERT_NOT_NULL(test, r->task);
	wait_for_completion(&r->done);
	put_task_struct(r->task);

	KUNIT_EXPECT_TRUE_MSG(test, r->waited,
			      "the second registration neither ended nor waited");
	/* Exactly one of them registered the descriptor. */
	KUNIT_EXPECT_TRUE_MSG(test, (!err && r->err == -EBUSY) ||
			      (err == -EBUSY && !r->err),
			      "first %d, second %d", err, r->err);
	/* Bounded: a descriptor linked twice would make the list a loop. */
	list_for_each_entry(region, &r->reg.regions, node) {
		if (++n > 2)
			break;
	}
	KUNIT_EXPECT_EQ(test, n, 1);
}

/* --- Misuse of sealed pages ----------------------------------------------- */

/*
 * The owner dropping every reference of its own, with put_page() or
 * folio_put(), does not free a sealed page: the registry holds one, so
 * the page stays allocated, sealed and intact.
 */
static void sealed_mem_test_owner_put(struct kunit *test)
{
	struct sealed_mem_registry reg = SEALED_MEM_REGISTRY_INIT(reg);
	struct sealed_mem_region single = { }, big = { };
	struct page *page = alloc_block(test, 0);
	struct folio *folio = folio_alloc(GFP_KERNEL | __GFP_ZERO, 1);

	KUNIT_ASSERT_NOT_NULL(test, folio);
	memset(page_address(page), TEST_PATTERN, PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, test_add(&reg, &single, page_address(page),
				       PAGE_SIZE, "kunit-put-page"), 0);
	KUNIT_ASSERT_EQ(test, test_add(&reg, &big, folio_address(folio),
				       folio_size(folio), "kunit-put-folio"),
			0);
	if (arch_can_seal()) {
		sealed_mem_seal_batch(&reg);
	} else {
		/* Pin through the batch, with the architecture stubbed. */
		use_stub(test);
		sealed_mem_seal_batch(&reg);
	}
	KUNIT_ASSERT_EQ(test, single.state, SEALED_MEM_SEALED);
	KUNIT_EXPECT_EQ(test, page_ref_count(page), 2);
	/* One reference per folio, not one per page of it. */
	KUNIT_EXPECT_EQ(test, folio_ref_count(folio), 2);

	put_page(page);
	folio_put(folio);

	KUNIT_EXPECT_EQ(test, page_ref_count(page), 1);
	KUNIT_EXPECT_FALSE(test, PageBuddy(page));
	KUNIT_EXPECT_TRUE(test, all_bytes(page_address(page), TEST_PATTERN,
					  PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, folio_ref_count(folio), 1);
	KUNIT_EXPECT_FALSE(test, PageBuddy(folio_page(folio, 0)));
	KUNIT_EXPECT_TRUE(test, all_bytes(folio_address(folio), 0,
					  folio_size(folio)));
	if (arch_can_seal())
		KUNIT_EXPECT_EQ(test, try_write(page_address(page)), -EFAULT);
}

/*
 * The registry takes its references when a region is registered, so that
 * a stray free before the batch cannot hand a page to someone else that
 * the batch would then seal.  A region registered before the page
 * allocator is up (stubbed here) gets them in the batch; no page gets two.
 */
static void sealed_mem_test_pin_at_registration(struct kunit *test)
{
	struct sealed_mem_registry reg = SEALED_MEM_REGISTRY_INIT(reg);
	struct sealed_mem_region now = { }, early = { };
	struct page *a = alloc_block(test, 0), *b = alloc_block(test, 0);

	KUNIT_ASSERT_EQ(test, test_add(&reg, &now, page_address(a), PAGE_SIZE,
				       "kunit-pin-now"), 0);
	KUNIT_EXPECT_EQ(test, now.state, SEALED_MEM_PENDING);
	KUNIT_EXPECT_TRUE(test, now.pinned);
	KUNIT_EXPECT_EQ(test, page_ref_count(a), 2);

	kunit_activate_static_stub(test, sealed_mem_pages_ready,
				   stub_pages_not_ready);
	KUNIT_ASSERT_EQ(test, test_add(&reg, &early, page_address(b),
				       PAGE_SIZE, "kunit-pin-early"), 0);
	kunit_deactivate_static_stub(test, sealed_mem_pages_ready);
	KUNIT_EXPECT_FALSE(test, early.pinned);
	KUNIT_EXPECT_EQ(test, page_ref_count(b), 1);

	use_stub(test);
	sealed_mem_seal_batch(&reg);
	KUNIT_EXPECT_EQ(test, now.state, SEALED_MEM_SEALED);
	KUNIT_EXPECT_EQ(test, early.state, SEALED_MEM_SEALED);
	KUNIT_EXPECT_TRUE(test, early.pinned);
	KUNIT_EXPECT_EQ(test, page_ref_count(a), 2);
	KUNIT_EXPECT_EQ(test, page_ref_count(b), 2);
}

/*
 * One read of /proc/sealed_mem runs one audit, however often seq_file
 * calls show: enough regions make the file outgrow seq_file's first
 * buffer (a page), after which show runs again.  A region's line is over
 * 100 bytes.  The regions stay sealed for good.  Needs a boot without
 * sealed_mem.audit_interval, whose audits would be counted too.
 */
#define PROC_TEST_REGIONS	(PAGE_SIZE / 100 + 8)
#define PROC_TEST_CHUNK		1024

static void sealed_mem_test_proc_one_audit(struct kunit *test)
{
	const struct sealed_mem_stats *st = &sealed_mem_registry.stats;
	struct file_system_type *proc;
	char name[SEALED_MEM_NAME_LEN];
	unsigned int i, audits, ran;
	struct vfsmount *mnt;
	size_t total = 0;
	struct file *file;
	loff_t pos = 0;
	ssize_t n;
	char *buf;

	if (!IS_ENABLED(CONFIG_PROC_FS))
		kunit_skip(test, "no /proc/sealed_mem without CONFIG_PROC_FS");

	for (i = 0; i < PROC_TEST_REGIONS; i++) {
		snprintf(name, sizeof(name), "kunit-proc-%u", i);
		KUNIT_ASSERT_EQ(test,
				sealed_mem_register(page_address(alloc_block(test, 0)),
						    PAGE_SIZE, name),
				arch_can_seal() ? 0 : -EOPNOTSUPP);
	}
	buf = kunit_kmalloc(test, PROC_TEST_CHUNK, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);

	/* Nothing has mounted /proc when built-in tests run: mount our own. */
	proc = get_fs_type("proc");
	KUNIT_ASSERT_NOT_NULL(test, proc);
	mnt = kern_mount(proc);
	put_filesystem(proc);
	KUNIT_ASSERT_FALSE(test, IS_ERR(mnt));

	audits = READ_ONCE(st->audits);
	file = file_open_root_mnt(mnt, "sealed_mem", O_RDONLY, 0);
	if (IS_ERR(file)) {
		kern_unmount(mnt);
		KUNIT_FAIL(test, "cannot open /proc/sealed_mem: %pe", file);
		return;
	}
	/* To the end, a chunk at a time. */
	while ((n = kernel_read(file, buf, PROC_TEST_CHUNK, &pos)) > 0)
		total += n;
	fput(file);
	kern_unmount(mnt);

	KUNIT_ASSERT_GE(test, n, 0);
	/* The read needed more than seq_file's first buffer. */
	KUNIT_ASSERT_GT(test, total, PAGE_SIZE);
	ran = READ_ONCE(st->audits) - audits;
	KUNIT_EXPECT_EQ_MSG(test, ran, 1,
			    "audits run by one read of %zu bytes", total);
}

/*
 * The documented limit: a writable vmap() alias of a sealed page, made on
 * purpose, is not stopped.  The linear map still refuses writes, and the
 * audit reports the region once its contents change.
 */
static void sealed_mem_test_vmap_alias(struct kunit *test)
{
	struct sealed_mem_registry reg = SEALED_MEM_REGISTRY_INIT(reg);
	struct sealed_mem_region region = { };
	struct page *page = alloc_block(test, 0);
	void *addr = page_address(page);
	u8 *alias;

	if (!arch_can_seal())
		kunit_skip(test, "this kernel cannot seal its linear map");

	memset(addr, TEST_PATTERN, PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, test_add(&reg, &region, addr, PAGE_SIZE,
				       "kunit-vmap-alias"), 0);
	sealed_mem_seal_batch(&reg);
	KUNIT_ASSERT_EQ(test, region.state, SEALED_MEM_SEALED);

	alias = vmap(&page, 1, VM_MAP, PAGE_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, alias);
	KUNIT_EXPECT_EQ(test, try_write(addr), -EFAULT);
	KUNIT_EXPECT_EQ(test, try_write(alias), 0);
	vunmap(alias);
	KUNIT_EXPECT_EQ(test, *(u8 *)addr, (u8)~TEST_PATTERN);

	KUNIT_EXPECT_EQ(test, sealed_mem_audit(&reg), 1);
	KUNIT_EXPECT_EQ(test, region.state, SEALED_MEM_TAMPERED);
}

/* --- Allocation failure in the core -------------------------------------- */

static struct sealed_mem_region *stub_alloc_fails(void)
{
	return NULL;
}

static bool alloc_called;

static struct sealed_mem_region *stub_alloc_counts(void)
{
	alloc_called = true;
	return kzalloc(sizeof(struct sealed_mem_region), GFP_ATOMIC);
}

/*
 * From atomic context sealed_mem_register() refuses before it allocates
 * (its allocation may sleep), and leaves the registry and the page alone.
 */
static void sealed_mem_test_register_atomic(struct kunit *test)
{
	size_t before = list_count_nodes(&sealed_mem_registry.regions);
	struct page *page = alloc_block(test, 0);
	void *addr = page_address(page);
	int err;

	alloc_called = false;
	kunit_activate_static_stub(test, sealed_mem_alloc_region,
				   stub_alloc_counts);
	local_irq_disable();
	err = sealed_mem_register(addr, PAGE_SIZE, "kunit-atomic");
	local_irq_enable();
	kunit_deactivate_static_stub(test, sealed_mem_alloc_region);

	KUNIT_EXPECT_EQ(test, err, -EWOULDBLOCK);
	KUNIT_EXPECT_FALSE(test, alloc_called);
	KUNIT_EXPECT_EQ(test, list_count_nodes(&sealed_mem_registry.regions),
			before);
	KUNIT_EXPECT_EQ(test, page_ref_count(page), 1);
	__free_page(page);
}

/*
 * The core allocates one thing, the descriptor of sealed_mem_register().
 * When that fails, the call returns -ENOMEM, logs, and leaves the kernel's
 * registry and the memory alone; the next registration works.
 */
static void sealed_mem_test_alloc_failure(struct kunit *test)
{
	size_t before = list_count_nodes(&sealed_mem_registry.regions);
	struct page *page = alloc_block(test, 0);
	void *addr = page_address(page);

	memset(addr, TEST_PATTERN, PAGE_SIZE);
	kunit_activate_static_stub(test, sealed_mem_alloc_region,
				   stub_alloc_fails);
	KUNIT_EXPECT_EQ(test, sealed_mem_register(addr, PAGE_SIZE,
						  "kunit-no-memory"), -ENOMEM);
	kunit_deactivate_static_stub(test, sealed_mem_alloc_region);

	KUNIT_EXPECT_EQ(test, list_count_nodes(&sealed_mem_registry.regions),
			before);
	KUNIT_EXPECT_EQ(test, sealed_mem_lookup(addr), -ENOENT);
	KUNIT_EXPECT_EQ(test, page_ref_count(page), 1);
	KUNIT_EXPECT_EQ(test, try_write(addr), 0);
	*(u8 *)addr = TEST_PATTERN;
	KUNIT_EXPECT_TRUE(test, all_bytes(addr, TEST_PATTERN, PAGE_SIZE));
	__free_page(page);
}

/* --- End to end, through the public API and the real architecture ------- */

static void sealed_mem_test_write_faults(struct kunit *test)
{
	/* Two pages: the second, ours and never registered, follows it. */
	struct page *page = alloc_block(test, 1);
	void *addr = page_address(page);
	void *found = NULL;
	int err;

	if (IS_ENABLED(CONFIG_ARCH_HAS_SEALED_MEM) && !arch_can_seal())
		kunit_skip(test, "block-mapped linear map (rodata=noalias): cannot seal");

	memset(addr, TEST_PATTERN, PAGE_SIZE);
	err = sealed_mem_register(addr, PAGE_SIZE, "kunit-sealed-page");

	if (!arch_can_seal()) {
		/* No arch support: recorded, unsupported, writable, intact. */
		KUNIT_EXPECT_EQ(test, err, -EOPNOTSUPP);
		KUNIT_EXPECT_EQ(test, sealed_mem_lookup(addr),
				SEALED_MEM_UNSUPPORTED);
		KUNIT_EXPECT_FALSE(test, (sealed_mem_lookup(addr) == SEALED_MEM_SEALED));
		KUNIT_EXPECT_TRUE(test, all_bytes(addr, TEST_PATTERN,
						  PAGE_SIZE));
		KUNIT_EXPECT_EQ(test, try_write(addr), 0);
		KUNIT_EXPECT_EQ(test, *(u8 *)addr, (u8)~TEST_PATTERN);
		return;
	}

	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_EXPECT_TRUE(test, (sealed_mem_lookup(addr) == SEALED_MEM_SEALED));
	KUNIT_EXPECT_TRUE(test, (sealed_mem_lookup(addr + PAGE_SIZE - 1) == SEALED_MEM_SEALED));
	KUNIT_EXPECT_EQ(test, sealed_mem_lookup(addr + PAGE_SIZE), -ENOENT);
	KUNIT_EXPECT_EQ(test, sealed_mem_find("kunit-sealed-page", &found),
			SEALED_MEM_SEALED);
	KUNIT_EXPECT_PTR_EQ(test, found, addr);
	KUNIT_EXPECT_EQ(test, sealed_mem_find("kunit-no-such-region", &found),
			-ENOENT);

	KUNIT_EXPECT_EQ(test, try_write(addr), -EFAULT);
	KUNIT_EXPECT_EQ(test, try_write(addr + PAGE_SIZE - 1), -EFAULT);
	/* Reads still work, and every byte is as it was. */
	KUNIT_EXPECT_TRUE(test, all_bytes(addr, TEST_PATTERN, PAGE_SIZE));

	/* The same memory cannot be registered again. */
	KUNIT_EXPECT_EQ(test, sealed_mem_register(addr, PAGE_SIZE, "kunit-again"),
			-EEXIST);
}

#ifdef TEST_X86_64
/* A page of the kernel image: its direct-map alias has a second, high one. */
static u8 alias_test_page[PAGE_SIZE] __page_aligned_bss;

static void stub_flush_tlb_all(void)
{
	(*(unsigned int *)kunit_get_current_test()->priv)++;
	flush_tlb_all();
}

/*
 * Seal the direct-map page at @lm and flush: the full flushes that took,
 * or UINT_MAX if the seal failed.
 */
static unsigned int seal_and_flush(struct kunit *test, unsigned long lm)
{
	unsigned int *full = test->priv;

	*full = 0;
	if (arch_sealed_mem_protect(lm, lm + PAGE_SIZE))
		return UINT_MAX;
	arch_sealed_mem_flush(lm, lm + PAGE_SIZE);
	return *full;
}
#endif

/*
 * arch_sealed_mem_flush() leaves no writable translation of any alias that
 * arch_sealed_mem_protect() changed.  On x86_64, CPA also changes the
 * kernel high map of a direct-map page that the high map covers: the
 * image, and the RAM after it up to the end of the high map, which the
 * page allocator hands out.  A flush of the direct-map range alone would
 * leave the high map's global TLB entry writable, so CPA asks for a full
 * flush.  A page of the image stands in for such RAM: its seal takes one
 * full flush (counted by a stub), an ordinary page's none; and after the
 * seal a write through the high map, whose entry was cached writable just
 * before, faults.  (QEMU TCG flushes its whole TLB on most invlpg, so the
 * write alone would not catch a missing full flush there.)  The image
 * page is made writable again at the end.
 */
static void sealed_mem_test_alias_flush(struct kunit *test)
{
#ifdef TEST_X86_64
	unsigned long lm = (unsigned long)lm_alias(alias_test_page);
	unsigned long plain = (unsigned long)page_address(alloc_block(test, 0));
	unsigned int *full;
	int high, low;

	full = kunit_kzalloc(test, sizeof(*full), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, full);
	test->priv = full;
	kunit_activate_static_stub(test, sealed_mem_flush_tlb_all,
				   stub_flush_tlb_all);

	/* Pinned by nobody, sealed for good: an ordinary page, one alias. */
	KUNIT_EXPECT_EQ(test, seal_and_flush(test, plain), 0);
	KUNIT_EXPECT_EQ(test, try_write((void *)plain), -EFAULT);

	migrate_disable();
	/* A first pass does the splits, which flush everything themselves. */
	KUNIT_EXPECT_EQ(test, seal_and_flush(test, lm), 1);
	KUNIT_ASSERT_EQ(test, make_writable(lm), 0);
	flush_tlb_all();
	WRITE_ONCE(alias_test_page[0], TEST_PATTERN);
	KUNIT_EXPECT_EQ(test, seal_and_flush(test, lm), 1);
	high = try_write(alias_test_page);
	low = try_write((void *)lm);
	KUNIT_EXPECT_EQ(test, make_writable(lm), 0);
	flush_tlb_all();
	migrate_enable();

	KUNIT_EXPECT_EQ(test, low, -EFAULT);
	KUNIT_EXPECT_EQ_MSG(test, high, -EFAULT,
			    "the high map is still writable after the flush");
	KUNIT_EXPECT_EQ(test, try_write(alias_test_page), 0);
#else
	kunit_skip(test, "only x86_64 has a second alias of linear-map RAM");
#endif
}

/*
 * arm64 with BBML3: the linear map keeps block mappings, and sealing a
 * range that covers a block only in part splits it live, at the ends of
 * the range only.  Two pages straddling the middle of a PMD-aligned block
 * of two PMDs: both are read-only afterwards, their neighbours on either
 * side, in the same former blocks, are still writable.  Without BBML3 the
 * linear map is mapped with pages and there is no block to split (QEMU
 * TCG offers no BBML3 CPU); the page-granular path is what the other
 * cases run.
 */
static void sealed_mem_test_block_split(struct kunit *test)
{
#ifndef CONFIG_ARM64
	kunit_skip(test, "live splits of linear-map blocks are arm64's (BBML3)");
#else
	struct sealed_mem_registry reg = SEALED_MEM_REGISTRY_INIT(reg);
	struct sealed_mem_region region = { };
	unsigned int order = PMD_ORDER + 1;
	struct page *block;
	u8 *mid;

	if (!system_supports_bbml3())
		kunit_skip(test, "no BBML3 on this CPU: the linear map has no block to split");
	if (!arch_can_seal())
		kunit_skip(test, "block-mapped linear map (rodata=noalias): cannot seal");
	if (order > MAX_PAGE_ORDER)
		kunit_skip(test, "no block of two PMD-level pages with this page size");
	block = try_block(order);
	if (!block)
		kunit_skip(test, "no free block of order %u", order);
	mid = (u8 *)page_address(block) + PMD_SIZE;
	memset(mid - 2 * PAGE_SIZE, TEST_PATTERN, 4 * PAGE_SIZE);

	KUNIT_ASSERT_EQ(test, test_add(&reg, &region, mid - PAGE_SIZE,
				       2 * PAGE_SIZE, "kunit-block-split"), 0);
	sealed_mem_seal_batch(&reg);
	KUNIT_ASSERT_EQ(test, region.state, SEALED_MEM_SEALED);
	KUNIT_EXPECT_EQ(test, try_write(mid - PAGE_SIZE), -EFAULT);
	KUNIT_EXPECT_EQ(test, try_write(mid), -EFAULT);
	KUNIT_EXPECT_EQ(test, try_write(mid - 2 * PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test, try_write(mid + PAGE_SIZE), 0);
	KUNIT_EXPECT_TRUE(test, all_bytes(mid - PAGE_SIZE, TEST_PATTERN,
					  2 * PAGE_SIZE));
#endif
}

/* A refusal through the public API leaves the kernel's registry alone. */
static void sealed_mem_test_register_refusal(struct kunit *test)
{
	size_t before = list_count_nodes(&sealed_mem_registry.regions);
	void *vmem = vmalloc(PAGE_SIZE);

	KUNIT_ASSERT_NOT_NULL(test, vmem);
	KUNIT_EXPECT_EQ(test, sealed_mem_register(NULL, PAGE_SIZE, "kunit-null"),
			-EFAULT);
	KUNIT_EXPECT_EQ(test, sealed_mem_register(vmem, PAGE_SIZE, "kunit-vmalloc"),
			-EFAULT);
	KUNIT_EXPECT_EQ(test, sealed_mem_lookup(vmem), -ENOENT);
	KUNIT_EXPECT_EQ(test, list_count_nodes(&sealed_mem_registry.regions),
			before);
	vfree(vmem);
}

static void sealed_mem_test_state_names(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, sealed_mem_state_name(SEALED_MEM_PENDING),
			   "pending");
	KUNIT_EXPECT_STREQ(test, sealed_mem_state_name(SEALED_MEM_SEALED),
			   "sealed");
	KUNIT_EXPECT_STREQ(test, sealed_mem_state_name(SEALED_MEM_UNSUPPORTED),
			   "unsupported");
	KUNIT_EXPECT_STREQ(test, sealed_mem_state_name(SEALED_MEM_FAILED),
			   "failed");
	KUNIT_EXPECT_STREQ(test, sealed_mem_state_name(SEALED_MEM_DISABLED),
			   "disabled");
	KUNIT_EXPECT_STREQ(test, sealed_mem_state_name(SEALED_MEM_TAMPERED),
			   "tampered");
	KUNIT_EXPECT_STREQ(test, sealed_mem_state_name(SEALED_MEM_POISONED),
			   "poisoned");
	KUNIT_EXPECT_STREQ(test, sealed_mem_state_name(-ENOENT),
			   "unregistered");
	KUNIT_EXPECT_STREQ(test, sealed_mem_state_name(SEALED_MEM_NR_STATES),
			   "unregistered");
	KUNIT_EXPECT_STREQ(test, sealed_mem_method_name(SEALED_MEM_BY_ARCH),
			   "linear-map");
	KUNIT_EXPECT_STREQ(test, sealed_mem_method_name(SEALED_MEM_BY_RODATA),
			   "rodata");
}

/* --- The sealed pool --------------------------------------------------- */

#define POOL_TABLES	64
#define POOL_CHUNK	SEALED_MEM_POOL_CHUNK

/* Give back a chunk that was never registered; its pages are split. */
static void free_chunk(const struct sealed_mem_pool_chunk *chunk)
{
	unsigned long addr;

	for (addr = chunk->base; addr < chunk->base + POOL_CHUNK;
	     addr += PAGE_SIZE)
		free_page(addr);
}

static struct sealed_mem_pool *test_pool(struct kunit *test,
					 unsigned int entries)
{
	struct sealed_mem_pool *pool;

	pool = kunit_kzalloc(test, sizeof(*pool), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pool);
	pool->entries = kunit_kcalloc(test, entries, sizeof(*pool->entries),
				      GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pool->entries);
	pool->max_entries = entries;
	pool->name = "kunit-pool";
	return pool;
}

/*
 * 64 tables of 100 to 3000 bytes: packed, zeroed and aligned in one
 * large-page-aligned chunk; closing the pool keeps at most one page more
 * than the bytes asked for, gives the rest back and registers one region,
 * which the batch seals in one range with at most one split per level.
 */
static void sealed_mem_test_pool(struct kunit *test)
{
	struct sealed_mem_registry *reg;
	struct sealed_mem_pool *pool = test_pool(test, POOL_TABLES);
	struct sealed_mem_region *region;
	unsigned long bytes = 0, base;
	size_t size[POOL_TABLES];
	u8 *table[POOL_TABLES];
	unsigned int i;

	reg = kunit_kzalloc(test, sizeof(*reg), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, reg);
	INIT_LIST_HEAD(&reg->regions);

	for (i = 0; i < POOL_TABLES; i++) {
		size[i] = 100 + (i * 2654435761u) % 2901;
		table[i] = sealed_mem_pool_alloc(pool, size[i], "kunit-table",
						 _THIS_IP_);
		KUNIT_ASSERT_NOT_NULL(test, table[i]);
		KUNIT_EXPECT_TRUE(test, IS_ALIGNED((unsigned long)table[i], 8));
		KUNIT_EXPECT_TRUE(test, all_bytes(table[i], 0, size[i]));
		memset(table[i], i + 1, size[i]);
		bytes += size[i];
	}
	/* No table overlaps another: each still holds its own pattern. */
	for (i = 0; i < POOL_TABLES; i++)
		KUNIT_EXPECT_TRUE(test, all_bytes(table[i], i + 1, size[i]));
	KUNIT_ASSERT_EQ(test, pool->nr_chunks, 1);
	base = pool->chunks[0].base;
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED(__pa(base), POOL_CHUNK));
	KUNIT_EXPECT_EQ(test, (unsigned long)table[0], base);
	KUNIT_EXPECT_EQ(test, pool->nr_entries, POOL_TABLES);
	KUNIT_EXPECT_EQ(test, pool->bytes, bytes);

	KUNIT_ASSERT_EQ(test, sealed_mem_pool_close(pool, reg), 0);
	KUNIT_EXPECT_LE(test, pool->pages * PAGE_SIZE, bytes + PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, (pool->pages + pool->returned) * PAGE_SIZE,
			POOL_CHUNK);
	/* A closed pool hands out nothing. */
	KUNIT_EXPECT_NULL(test, sealed_mem_pool_alloc(pool, 8, "kunit-late",
						      _THIS_IP_));
	KUNIT_EXPECT_EQ(test, pool->nr_entries, POOL_TABLES);

	region = list_first_entry(&reg->regions, struct sealed_mem_region, node);
	KUNIT_EXPECT_TRUE(test, list_is_singular(&reg->regions));
	KUNIT_EXPECT_EQ(test, region->start, base);
	KUNIT_EXPECT_EQ(test, region->size, pool->pages * PAGE_SIZE);

	sealed_mem_seal_batch(reg);
	KUNIT_EXPECT_EQ(test, region->state, expected_state());
	KUNIT_EXPECT_EQ(test, reg->stats.ranges, 1);
	KUNIT_EXPECT_EQ(test, reg->stats.flushes, arch_can_seal() ? 1 : 0);
	if (reg->stats.splits_known) {
		KUNIT_EXPECT_LE(test, reg->stats.splits_pmd, 1);
		KUNIT_EXPECT_LE(test, reg->stats.splits_pud, 1);
	}
	for (i = 0; i < POOL_TABLES; i++) {
		KUNIT_EXPECT_EQ(test, try_write(table[i] + size[i] - 1),
				arch_can_seal() ? -EFAULT : 0);
		if (arch_can_seal())
			KUNIT_EXPECT_TRUE(test, all_bytes(table[i], i + 1,
							  size[i]));
	}
}

/* Bad requests get NULL, a log line, and leave the pool as it was. */
static void sealed_mem_test_pool_refusal(struct kunit *test)
{
	struct sealed_mem_pool *pool = test_pool(test, 2);
	static const char long_name[] = "kunit-a-name-that-is-far-too-long";

	KUNIT_ASSERT_NOT_NULL(test, sealed_mem_pool_alloc(pool, 16, "kunit-a",
							  _THIS_IP_));
	KUNIT_EXPECT_NULL(test, sealed_mem_pool_alloc(pool, 0, "kunit-zero",
						      _THIS_IP_));
	KUNIT_EXPECT_NULL(test, sealed_mem_pool_alloc(pool, POOL_CHUNK + 1,
						      "kunit-big", _THIS_IP_));
	KUNIT_EXPECT_NULL(test, sealed_mem_pool_alloc(pool, 16, NULL,
						      _THIS_IP_));
	KUNIT_EXPECT_NULL(test, sealed_mem_pool_alloc(pool, 16, long_name,
						      _THIS_IP_));
	KUNIT_EXPECT_EQ(test, pool->nr_entries, 1);
	KUNIT_EXPECT_EQ(test, pool->bytes, 16);
	KUNIT_EXPECT_EQ(test, pool->nr_chunks, 1);

	/* The last entry; then the pool is full. */
	KUNIT_EXPECT_NOT_NULL(test, sealed_mem_pool_alloc(pool, 16, "kunit-b",
							  _THIS_IP_));
	KUNIT_EXPECT_NULL(test, sealed_mem_pool_alloc(pool, 16, "kunit-c",
						      _THIS_IP_));
	KUNIT_EXPECT_EQ(test, pool->nr_entries, 2);
	KUNIT_EXPECT_EQ(test, pool->bytes, 32);
	free_chunk(&pool->chunks[0]);
}

/*
 * A block of a chunk's size as memblock leaves it once the page allocator
 * is up: zeroed, every page reserved with a count of one, not counted as
 * managed, known to kmemleak.  Returns its linear address, or 0.
 */
static unsigned long memblock_like_block(void)
{
	unsigned long i, nr = POOL_CHUNK >> PAGE_SHIFT;
	struct page *page;

	page = alloc_pages(GFP_KERNEL | __GFP_ZERO, SEALED_MEM_POOL_ORDER);
	if (!page)
		return 0;
	for (i = 0; i < nr; i++) {
		SetPageReserved(page + i);
		set_page_count(page + i, 1);
	}
	adjust_managed_page_count(page, -nr);
	kmemleak_alloc_phys(page_to_phys(page), POOL_CHUNK, 0);
	return (unsigned long)kasan_reset_tag(page_address(page));
}

/*
 * The room for a folio: only a chunk's order is served, once, as a folio
 * that the page allocator could have returned: the same memory, one
 * reference on the head, tails frozen and pointing at it, nothing
 * reserved, zeroed, not rmappable.  A closed pool gives back room that
 * nobody took.
 */
static void sealed_mem_test_pool_folio(struct kunit *test)
{
	unsigned long i, room, nr = POOL_CHUNK >> PAGE_SHIFT;
	unsigned int order = SEALED_MEM_POOL_ORDER;
	struct sealed_mem_pool *pool = test_pool(test, 1);
	struct sealed_mem_registry *reg;
	struct folio *folio;
	struct page *page;

	room = memblock_like_block();
	KUNIT_ASSERT_NE(test, room, 0);
	pool->folio_room = room;
	KUNIT_EXPECT_NULL(test, sealed_mem_pool_alloc_folio(pool, 0));
	KUNIT_EXPECT_NULL(test, sealed_mem_pool_alloc_folio(pool, order + 1));
	KUNIT_EXPECT_EQ(test, pool->folio_room, room);

	folio = sealed_mem_pool_alloc_folio(pool, order);
	KUNIT_ASSERT_NOT_NULL(test, folio);
	KUNIT_EXPECT_EQ(test, pool->folio_room, 0);
	KUNIT_EXPECT_NULL(test, sealed_mem_pool_alloc_folio(pool, order));
	page = virt_to_page((void *)room);
	KUNIT_EXPECT_PTR_EQ(test, &folio->page, page);
	KUNIT_EXPECT_EQ(test, folio_order(folio), order);
	KUNIT_EXPECT_EQ(test, folio_ref_count(folio), 1);
	KUNIT_EXPECT_FALSE(test, folio_test_large_rmappable(folio));
	for (i = 0; i < nr; i++) {
		KUNIT_EXPECT_PTR_EQ(test, page_folio(page + i), folio);
		KUNIT_EXPECT_FALSE(test, PageReserved(page + i));
		if (i)
			KUNIT_EXPECT_EQ(test, page_ref_count(page + i), 0);
	}
	KUNIT_EXPECT_TRUE(test, all_bytes((void *)room, 0, POOL_CHUNK));
	folio_put(folio);

	reg = kunit_kzalloc(test, sizeof(*reg), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, reg);
	INIT_LIST_HEAD(&reg->regions);
	pool = test_pool(test, 1);
	room = memblock_like_block();
	KUNIT_ASSERT_NE(test, room, 0);
	pool->folio_room = room;
	KUNIT_ASSERT_EQ(test, sealed_mem_pool_close(pool, reg), 0);
	KUNIT_EXPECT_EQ(test, pool->folio_room, 0);
	KUNIT_EXPECT_EQ(test, pool->returned, nr);
	KUNIT_EXPECT_TRUE(test, list_empty(&reg->regions));
	KUNIT_EXPECT_NULL(test, sealed_mem_pool_alloc_folio(pool, order));
}

/*
 * A client that registers from a late_initcall, as a driver would, and
 * links after mm/sealed_mem.o (its initcall runs after the core's of the
 * same level): it must still make the boot-time batch.  Only when KUnit
 * is enabled (kunit.enable=1, whatever the filter), so that boots with
 * kunit.enable=0 have their usual regions; it seals one page for good.
 */
static void *late_client_addr;
static bool late_client_before_batch;
static int late_client_err = -ENODATA;

static int __init sealed_mem_test_late_client_init(void)
{
	struct page *page;

	if (!kunit_enabled())
		return 0;
	page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!page)
		return -ENOMEM;
	late_client_addr = page_address(page);
	late_client_before_batch = !sealed_mem_registry.batch_done;
	late_client_err = sealed_mem_register(late_client_addr, PAGE_SIZE,
					      "kunit-late-initcall");
	return 0;
}
late_initcall(sealed_mem_test_late_client_init);

static void sealed_mem_test_late_initcall_client(struct kunit *test)
{
	KUNIT_ASSERT_NOT_NULL(test, late_client_addr);
	KUNIT_EXPECT_TRUE_MSG(test, late_client_before_batch,
			      "a late_initcall client registered after the batch");
	KUNIT_EXPECT_EQ(test, late_client_err, 0);
	KUNIT_EXPECT_EQ(test, sealed_mem_lookup(late_client_addr),
			(int)expected_state());
}

/*
 * The kernel's own pool holds saved_command_line: closed at
 * late_initcall_sync, before built-in tests run, its chunk sealed like any
 * other region.
 */
static void sealed_mem_test_boot_pool(struct kunit *test)
{
	const struct sealed_mem_pool *pool = &sealed_mem_boot_pool;
	void *found = NULL;
	unsigned long zero __maybe_unused, room __maybe_unused;

	KUNIT_EXPECT_TRUE(test, sealed_mem_boot_pool.closed);
	KUNIT_EXPECT_EQ(test, sealed_mem_find("saved_command_line", &found),
			expected_state());
	KUNIT_EXPECT_PTR_EQ(test, found, (void *)saved_command_line);
	KUNIT_EXPECT_EQ(test, sealed_mem_lookup(saved_command_line),
			expected_state());
	KUNIT_EXPECT_STREQ(test, (char *)found, saved_command_line);
	KUNIT_EXPECT_NULL(test, sealed_mem_alloc(8, "kunit-too-late"));
	KUNIT_EXPECT_LE(test, sealed_mem_boot_pool.pages * PAGE_SIZE,
			sealed_mem_boot_pool.bytes + PAGE_SIZE);
	/* Its room for a folio was taken, or given back when it closed. */
	KUNIT_EXPECT_EQ(test, pool->folio_room, 0);
#ifdef CONFIG_PERSISTENT_HUGE_ZERO_FOLIO
	/*
	 * The huge zero folio took that room, right below the first chunk,
	 * unless the room lay in ZONE_MOVABLE (movablecore= of the KUnit
	 * machine), which is given back: both in one zone, 2 chunks being
	 * at most MAX_ORDER_NR_PAGES, to which ZONE_MOVABLE is aligned.
	 */
	if (!pool->reserve_folio || !huge_zero_folio || !pool->nr_chunks ||
	    !pool->chunks[0].memblock)
		return;
	zero = (unsigned long)kasan_reset_tag(folio_address(huge_zero_folio));
	room = pool->chunks[0].base - POOL_CHUNK;
	if (page_zonenum(virt_to_page((void *)room)) == ZONE_MOVABLE) {
		KUNIT_EXPECT_NE(test, zero, room);
		KUNIT_EXPECT_GE(test, pool->returned, POOL_CHUNK >> PAGE_SHIFT);
	} else {
		KUNIT_EXPECT_EQ(test, zero, room);
	}
#endif
}

static struct kunit_case sealed_mem_test_cases[] = {
	KUNIT_CASE_PARAM(sealed_mem_test_refusal, refusal_gen_params),
	KUNIT_CASE(sealed_mem_test_image_gave_back),
	KUNIT_CASE(sealed_mem_test_refuse_unpinnable),
	KUNIT_CASE(sealed_mem_test_refuse_movable),
	KUNIT_CASE(sealed_mem_test_refuse_cma),
	KUNIT_CASE(sealed_mem_test_coalesce),
	KUNIT_CASE(sealed_mem_test_empty_batch),
	KUNIT_CASE(sealed_mem_test_arch_failure_mid_batch),
	KUNIT_CASE(sealed_mem_test_arch_failure_late),
	KUNIT_CASE(sealed_mem_test_arch_fails_part_way),
	KUNIT_CASE(sealed_mem_test_split_count),
	KUNIT_CASE(sealed_mem_test_rodata),
	KUNIT_CASE(sealed_mem_test_zero_page_listed),
	KUNIT_CASE(sealed_mem_test_disabled),
	KUNIT_CASE(sealed_mem_test_audit_checksum),
	KUNIT_CASE(sealed_mem_test_audit_tamper),
	KUNIT_CASE(sealed_mem_test_audit_poisoned),
	KUNIT_CASE(sealed_mem_test_concurrent),
	KUNIT_CASE(sealed_mem_test_same_desc_race),
	KUNIT_CASE(sealed_mem_test_owner_put),
	KUNIT_CASE(sealed_mem_test_pin_at_registration),
	KUNIT_CASE(sealed_mem_test_proc_one_audit),
	KUNIT_CASE(sealed_mem_test_late_initcall_client),
	KUNIT_CASE(sealed_mem_test_vmap_alias),
	KUNIT_CASE(sealed_mem_test_alloc_failure),
	KUNIT_CASE(sealed_mem_test_write_faults),
	KUNIT_CASE(sealed_mem_test_alias_flush),
	KUNIT_CASE(sealed_mem_test_block_split),
	KUNIT_CASE(sealed_mem_test_register_refusal),
	KUNIT_CASE(sealed_mem_test_register_atomic),
	KUNIT_CASE(sealed_mem_test_state_names),
	KUNIT_CASE(sealed_mem_test_pool),
	KUNIT_CASE(sealed_mem_test_pool_refusal),
	KUNIT_CASE(sealed_mem_test_pool_folio),
	KUNIT_CASE(sealed_mem_test_boot_pool),
	{}
};

static struct kunit_suite sealed_mem_test_suite = {
	.name = "sealed_mem",
	.test_cases = sealed_mem_test_cases,
};

kunit_test_suite(sealed_mem_test_suite);

MODULE_DESCRIPTION("KUnit tests for sealed_mem");
MODULE_LICENSE("GPL");
