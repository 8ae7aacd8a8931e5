// SPDX-License-Identifier: GPL-2.0
/*
 * sealed_mem: the audit and /proc/sealed_mem.  See
 * Documentation/mm/sealed_mem.rst.
 *
 * The audit checks that every sealed region is still read-only in the page
 * tables and still holds what it held when it was sealed (an xxh64 of its
 * contents).  It runs once per read of /proc/sealed_mem (at open) and, with
 * sealed_mem.audit_interval=, every that many seconds.
 */

#define pr_fmt(fmt) "sealed_mem: " fmt

#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/page-flags.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/workqueue.h>
#include <linux/xxhash.h>

#include "sealed_mem.h"

#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "sealed_mem."

/* Seconds between two periodic audits; 0: audit only on demand. */
static unsigned int audit_interval;
module_param(audit_interval, uint, 0400);
MODULE_PARM_DESC(audit_interval, "seconds between periodic audits of sealed regions (0: off)");

u64 sealed_mem_csum(const struct sealed_mem_region *region)
{
	return xxh64((const void *)region->start, region->size, 0);
}

/*
 * Whether the linear map maps [@start, @end) read-only: 1 if every page
 * is, 0 if one is writable, -EFAULT if one is not mapped, -EOPNOTSUPP if
 * the architecture cannot tell.  Walks a leaf at a time.
 */
int sealed_mem_range_ro(unsigned long start, unsigned long end)
{
	unsigned long addr = start, size;
	int ro;

	while (addr < end) {
		ro = arch_sealed_mem_lookup(addr, &size);
		if (ro <= 0)
			return ro;
		addr = ALIGN_DOWN(addr, size) + size;
	}
	return 1;
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
	for (addr = region->start; addr < sealed_mem_region_end(region);
	     addr += PAGE_SIZE) {
		if (PageHWPoison(virt_to_page((void *)addr)))
			return true;
	}
	return false;
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
unsigned int sealed_mem_audit(struct sealed_mem_registry *reg)
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
		ro = sealed_mem_range_ro(region->start,
					 sealed_mem_region_end(region));
		map = NULL;
		if (!ro)
			map = "writable in the linear map";
		else if (ro < 0 && ro != -EOPNOTSUPP)
			map = "missing from the linear map";
		changed = sealed_mem_csum(region) != region->csum;
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
		    entry->addr < sealed_mem_region_end(region))
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
	seq_printf(m, "ranges: %u\ntlb_flushes: %u\n", st->ranges,
		   st->flushes);
	if (st->splits_known)
		seq_printf(m, "splits_pmd: %lu\nsplits_pud: %lu\n",
			   st->splits_pmd, st->splits_pud);
	else
		seq_puts(m, "splits_pmd: n/a\nsplits_pud: n/a\n");
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

/* Once the boot-time batch is done: /proc/sealed_mem, and the worker. */
void __init sealed_mem_report_init(void)
{
	if (audit_interval)
		schedule_delayed_work(&sealed_mem_audit_work,
				      audit_interval * HZ);
	sealed_mem_proc_init();
}
