/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sealed_mem: make long-lived boot-time allocations read-only in the
 * kernel's linear map once they are initialised.
 *
 * See Documentation/mm/sealed_mem.rst.
 */
#ifndef _LINUX_SEALED_MEM_H
#define _LINUX_SEALED_MEM_H

#include <linux/errno.h>
#include <linux/types.h>

/* Longest region name, including the terminating NUL. */
#define SEALED_MEM_NAME_LEN	32

struct folio;

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

#ifdef CONFIG_SEALED_MEM
int sealed_mem_register(void *addr, size_t size, const char *name);
void *sealed_mem_alloc(size_t size, const char *name);
struct folio *sealed_mem_alloc_folio(unsigned int order);
int sealed_mem_find(const char *name, void **addr);
const char *sealed_mem_state_name(int state);
void sealed_mem_rodata_done(bool protected);
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

static inline struct folio *sealed_mem_alloc_folio(unsigned int order)
{
	return NULL;
}

static inline int sealed_mem_find(const char *name, void **addr)
{
	return -ENOENT;
}

static inline const char *sealed_mem_state_name(int state)
{
	return "unregistered";
}

static inline void sealed_mem_rodata_done(bool protected)
{
}
#endif

/*
 * What an architecture provides.  The generic versions, in
 * mm/sealed_mem/batch.c, seal nothing; an architecture that can change
 * permissions in its linear map overrides them and selects
 * ARCH_HAS_SEALED_MEM.
 */
int arch_sealed_mem_protect(unsigned long start, unsigned long end);
void arch_sealed_mem_flush(unsigned long start, unsigned long end);
int arch_sealed_mem_lookup(unsigned long addr, unsigned long *size);

#endif /* _LINUX_SEALED_MEM_H */
