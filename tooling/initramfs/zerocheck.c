// SPDX-License-Identifier: GPL-2.0
/*
 * zerocheck - check that the shared zero page and the huge zero folio still
 * read as zeros (e.g. after something attempted kernel writes to them), and
 * that every user of the huge zero folio keeps working:
 *
 *  1. zero page: a read fault maps the small zero page, reading zeros.
 *  2. huge zero folio: a read fault on a THP-eligible region maps the huge
 *     zero folio (KPF_ZERO_PAGE|KPF_THP, PMD-aligned PFN, shared by PMDs).
 *  3. COW from the huge zero folio: a write gets a private page, the rest
 *     stays zero and the huge zero folio still reads zeros.
 *  4. mremap of a huge zero mapping moves the huge zero PMD intact.
 *  5. splitting a huge zero PMD (MADV_DONTNEED, mprotect) falls back to
 *     small zero page PTEs that read zeros.
 *  6. use_zero_page=0 makes read faults allocate a real THP; with
 *     use_zero_page=1 they map the huge zero folio again. The old value is
 *     restored afterwards.
 *  7. MADV_COLLAPSE of a range of zero page PTEs plus one written page gives
 *     a real THP with the expected contents.
 *  8. arm64 with MTE: the zero page and the huge zero folio in PROT_MTE
 *     mappings read with tag 0 (their tags were cleared) and fault as a
 *     tag check with tag 1.
 *
 * Physical pages are identified through /proc/self/pagemap and
 * /proc/kpageflags, so this must run as root.
 *
 * Every check prints exactly one line to stdout:
 *   SM: PASS [label: ]<what>
 *   SM: FAIL [label: ]<what>: <details>
 *   SM: SKIP [label: ]<what>: <reason>
 * where the optional label is argv[1]. Exit status is 1 if any check failed.
 *
 * Build it static (only libc): gcc -static -O2 -Wall -Wextra
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#ifndef MADV_DONTNEED
#define MADV_DONTNEED		4
#endif
#ifndef MADV_HUGEPAGE
#define MADV_HUGEPAGE		14
#endif
#ifndef MADV_NOHUGEPAGE
#define MADV_NOHUGEPAGE		15
#endif
#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE		25
#endif
#ifndef MREMAP_MAYMOVE
#define MREMAP_MAYMOVE		1
#endif
#ifndef MREMAP_FIXED
#define MREMAP_FIXED		2
#endif

/* include/uapi/linux/kernel-page-flags.h */
#define KPF_THP			22
#define KPF_ZERO_PAGE		24
#define F_THP			(1ULL << KPF_THP)
#define F_ZERO			(1ULL << KPF_ZERO_PAGE)

/* Documentation/admin-guide/mm/pagemap.rst */
#define PM_PRESENT		(1ULL << 63)
#define PM_PFN_MASK		((1ULL << 55) - 1)

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define __printf(a, b)		__attribute__((format(printf, a, b)))

#define THP_SYSFS		"/sys/kernel/mm/transparent_hugepage"
#define USE_ZERO_PAGE		THP_SYSFS "/use_zero_page"
#define LINE_MAX_LEN		150

static const char *label;
static int failures;
static size_t page_size;
static size_t hpage_size;	/* PMD size, 2 MiB with 4K pages */
static unsigned long hpage_nr;	/* pages per PMD */
static int pagemap_fd = -1;
static int kpageflags_fd = -1;
static char probe_err[96];
static unsigned long long zero_pfn;	/* small zero page, 0 if unknown */
static unsigned long long huge_zero_pfn;	/* huge zero folio head */

/* ------------------------------------------------------------------------ */
/* Reporting */

static void emit(const char *verdict, const char *what, const char *fmt,
		 va_list ap)
{
	char msg[LINE_MAX_LEN];
	char line[LINE_MAX_LEN];
	int n;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = snprintf(line, sizeof(line), "SM: %s %s%s%s%s%s", verdict,
		     label ? label : "", label ? ": " : "",
		     what ? what : "", what && msg[0] ? ": " : "", msg);
	if (n >= (int)sizeof(line))
		line[sizeof(line) - 2] = '+';	/* mark truncation */
	printf("%s\n", line);
	fflush(stdout);
}

static void __printf(1, 2) pass(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit("PASS", NULL, fmt, ap);
	va_end(ap);
}

static int __printf(2, 3)
fail(const char *what, const char *fmt, ...)
{
	va_list ap;

	failures++;
	va_start(ap, fmt);
	emit("FAIL", what, fmt, ap);
	va_end(ap);
	return -1;
}

static int __printf(2, 3)
skip(const char *what, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit("SKIP", what, fmt, ap);
	va_end(ap);
	return 1;
}

/* ------------------------------------------------------------------------ */
/* Helpers */

static int read_str(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0) {
		n = -errno;
		close(fd);
		return n;
	}
	close(fd);
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return 0;
}

static int write_str(const char *path, const char *val)
{
	size_t len = strlen(val);
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	n = write(fd, val, len);
	if (n < 0) {
		n = -errno;
		close(fd);
		return n;
	}
	close(fd);
	return (size_t)n == len ? 0 : -EIO;
}

/* The selected THP mode ("always", "madvise", "never") or "?" */
static const char *thp_mode(char *buf, size_t len)
{
	char *s, *e;

	if (read_str(THP_SYSFS "/enabled", buf, len))
		return "?";
	s = strchr(buf, '[');
	e = s ? strchr(s, ']') : NULL;
	if (!e)
		return "?";
	*e = '\0';
	return s + 1;
}

static const char *use_zero_page(char *buf, size_t len)
{
	return read_str(USE_ZERO_PAGE, buf, len) ? "?" : buf;
}

/*
 * Map @len bytes of private anonymous memory aligned to the PMD size by
 * over-allocating and trimming the excess.
 */
static char *map_aligned(size_t len, int prot)
{
	size_t total = len + hpage_size;
	size_t head, tail;
	uintptr_t start;
	char *raw;

	raw = mmap(NULL, total, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED)
		return NULL;
	start = ((uintptr_t)raw + hpage_size - 1) & ~(uintptr_t)(hpage_size - 1);
	head = start - (uintptr_t)raw;
	tail = total - head - len;
	if (head)
		munmap(raw, head);
	if (tail)
		munmap((char *)start + len, tail);
	return (char *)start;
}

/*
 * Read every byte of @p with volatile loads. All bytes must be zero except
 * the one at offset @hit (if >= 0), which must be @val. Returns the offset
 * of the first mismatch or -1.
 */
static long check_bytes(const char *p, size_t len, long hit, unsigned char val)
{
	const volatile unsigned char *v = (const volatile unsigned char *)p;
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char want = (long)i == hit ? val : 0;

		if (v[i] != want)
			return (long)i;
	}
	return -1;
}

static int fail_bytes(const char *what, const char *where, const char *p,
		      long off, long hit, unsigned char val)
{
	const volatile unsigned char *v = (const volatile unsigned char *)p;

	return fail(what, "%s: byte +0x%lx is 0x%02x, expected 0x%02x",
		    where, off, v[off], off == hit ? val : 0);
}

/*
 * Look up the PFN and /proc/kpageflags of the page mapped at @addr.
 * Returns 0 on success, 1 if the facility is not available to us and -1 on
 * error; probe_err describes the problem.
 */
static int probe(const void *addr, unsigned long long *pfn,
		 unsigned long long *flags)
{
	uint64_t ent, kf;
	ssize_t n;

	if (pagemap_fd < 0) {
		pagemap_fd = open("/proc/self/pagemap", O_RDONLY);
		if (pagemap_fd < 0) {
			snprintf(probe_err, sizeof(probe_err),
				 "open /proc/self/pagemap: %s",
				 strerror(errno));
			return 1;
		}
	}
	n = pread(pagemap_fd, &ent, sizeof(ent),
		  (off_t)((uintptr_t)addr / page_size * sizeof(ent)));
	if (n != sizeof(ent)) {
		snprintf(probe_err, sizeof(probe_err), "pagemap read: %s",
			 n < 0 ? strerror(errno) : "short read");
		return -1;
	}
	if (!(ent & PM_PRESENT)) {
		snprintf(probe_err, sizeof(probe_err),
			 "page at %p not present (pagemap 0x%llx)", addr,
			 (unsigned long long)ent);
		return -1;
	}
	*pfn = ent & PM_PFN_MASK;
	if (!*pfn) {
		snprintf(probe_err, sizeof(probe_err),
			 "pagemap hides PFNs (needs CAP_SYS_ADMIN)");
		return 1;
	}

	if (kpageflags_fd < 0) {
		kpageflags_fd = open("/proc/kpageflags", O_RDONLY);
		if (kpageflags_fd < 0) {
			snprintf(probe_err, sizeof(probe_err),
				 "open /proc/kpageflags: %s", strerror(errno));
			return 1;
		}
	}
	n = pread(kpageflags_fd, &kf, sizeof(kf), (off_t)(*pfn * sizeof(kf)));
	if (n != sizeof(kf)) {
		snprintf(probe_err, sizeof(probe_err),
			 "kpageflags read pfn 0x%llx: %s", *pfn,
			 n < 0 ? strerror(errno) : "short read");
		return -1;
	}
	*flags = kf;
	return 0;
}

/* probe() and report SKIP/FAIL for @what; returns 0 only on success. */
static int probe_report(const char *what, const void *addr,
			unsigned long long *pfn, unsigned long long *flags)
{
	int ret = probe(addr, pfn, flags);

	if (ret > 0)
		return skip(what, "%s", probe_err);
	if (ret < 0)
		return fail(what, "%s", probe_err);
	return 0;
}

static const char *kind(unsigned long long flags)
{
	if ((flags & F_ZERO) && (flags & F_THP))
		return "huge-zero";
	if (flags & F_ZERO)
		return "zero-page";
	if (flags & F_THP)
		return "thp";
	return "page";
}

/*
 * Check that @addr maps the head page of the huge zero folio. @ctx prefixes
 * the failure details. Returns 0 if so, otherwise reports and returns != 0.
 */
static int expect_huge_zero(const char *what, const char *ctx,
			    const void *addr, unsigned long long *pfnp)
{
	char b1[64], b2[16];
	unsigned long long pfn, flags;
	int ret;

	ret = probe_report(what, addr, &pfn, &flags);
	if (ret)
		return ret;
	/*
	 * The small zero page here means THP is off for this VMA or
	 * use_zero_page is 0 (then a read fault would allocate a THP).
	 */
	if ((flags & (F_ZERO | F_THP)) != (F_ZERO | F_THP))
		return fail(what,
			    "%s: pfn 0x%llx is %s (flags 0x%llx), not huge zero (thp=%s use_zero_page=%s)",
			    ctx, pfn, kind(flags), flags,
			    thp_mode(b1, sizeof(b1)),
			    use_zero_page(b2, sizeof(b2)));
	if (pfn & (hpage_nr - 1))
		return fail(what, "%s: huge zero pfn 0x%llx not %lu-aligned",
			    ctx, pfn, hpage_nr);
	if (huge_zero_pfn && pfn != huge_zero_pfn)
		return fail(what,
			    "%s: huge zero pfn 0x%llx, was 0x%llx earlier",
			    ctx, pfn, huge_zero_pfn);
	if (pfnp)
		*pfnp = pfn;
	return 0;
}

/* Map a PMD-aligned, MADV_HUGEPAGE region of @len bytes. */
static char *map_thp(const char *what, size_t len)
{
	char *p = map_aligned(len, PROT_READ | PROT_WRITE);

	if (!p) {
		fail(what, "mmap %zu bytes: %s", len, strerror(errno));
		return NULL;
	}
	if (madvise(p, len, MADV_HUGEPAGE)) {
		if (errno == EINVAL)
			skip(what, "madvise(MADV_HUGEPAGE): %s",
			     strerror(errno));
		else
			fail(what, "madvise(MADV_HUGEPAGE): %s",
			     strerror(errno));
		munmap(p, len);
		return NULL;
	}
	return p;
}

/* All of [p, p + len) reads as zero; else FAIL naming the first bad byte. */
static bool reads_zeros(const char *what, const char *p, size_t len)
{
	long bad = check_bytes(p, len, -1, 0);

	if (bad < 0)
		return true;
	fail_bytes(what, "read", p, bad, -1, 0);
	return false;
}

/* map_thp(), read-faulted: NULL (after FAIL or SKIP) unless all zeros. */
static char *map_thp_zeros(const char *what, size_t len)
{
	char *p = map_thp(what, len);

	if (p && !reads_zeros(what, p, len)) {
		munmap(p, len);
		return NULL;
	}
	return p;
}

/* ------------------------------------------------------------------------ */
/* Checks */

static void check_zero_page(void)
{
	const char *what = "zero page";
	size_t len = 64 * 1024;
	unsigned long long pfn, flags, pfn2, flags2;
	char *p;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		fail(what, "mmap: %s", strerror(errno));
		return;
	}
	/* Only a precaution: fails with EINVAL without THP support. */
	madvise(p, len, MADV_NOHUGEPAGE);

	if (!reads_zeros(what, p, len))
		goto out;
	if (probe_report(what, p, &pfn, &flags) ||
	    probe_report(what, p + len - page_size, &pfn2, &flags2))
		goto out;
	if (!(flags & F_ZERO) || (flags & F_THP)) {
		fail(what, "pfn 0x%llx is %s (flags 0x%llx), expected zero",
		     pfn, kind(flags), flags);
		goto out;
	}
	if (!(flags2 & F_ZERO) || (flags2 & F_THP)) {
		fail(what, "last page pfn 0x%llx is %s (flags 0x%llx)",
		     pfn2, kind(flags2), flags2);
		goto out;
	}
	zero_pfn = pfn;
	pass("zero page reads zeros (pfn 0x%llx)", pfn);
out:
	munmap(p, len);
}

static void check_huge_zero(void)
{
	const char *what = "huge zero folio";
	size_t len = 2 * hpage_size;
	unsigned long long pfn, pfn2, last, flags;
	char *p;

	p = map_thp_zeros(what, len);
	if (!p)
		return;
	if (expect_huge_zero(what, "1st PMD", p, &pfn) ||
	    expect_huge_zero(what, "2nd PMD", p + hpage_size, &pfn2))
		goto out;
	if (pfn2 != pfn) {
		fail(what, "2nd PMD maps pfn 0x%llx, 1st PMD 0x%llx",
		     pfn2, pfn);
		goto out;
	}
	if (probe_report(what, p + hpage_size - page_size, &last, &flags))
		goto out;
	if (last != pfn + hpage_nr - 1 || (flags & (F_ZERO | F_THP)) !=
	    (F_ZERO | F_THP)) {
		fail(what, "last page pfn 0x%llx (%s), expected 0x%llx",
		     last, kind(flags), pfn + hpage_nr - 1);
		goto out;
	}
	huge_zero_pfn = pfn;
	pass("huge zero folio reads zeros (pfn 0x%llx, shared by 2 PMDs)",
	     pfn);
out:
	munmap(p, len);
}

static void check_cow(void)
{
	const char *what = "COW from huge zero folio";
	const long off = 12345;
	unsigned long long pfn, flags, rpfn, rflags, hz;
	size_t len = hpage_size;
	char *p, *q;
	long bad;

	p = map_thp_zeros(what, len);
	if (!p)
		return;
	if (expect_huge_zero(what, "before write", p, &hz))
		goto out;

	*(volatile char *)(p + off) = 0x5a;

	bad = check_bytes(p, len, off, 0x5a);
	if (bad >= 0) {
		fail_bytes(what, "after write", p, bad, off, 0x5a);
		goto out;
	}
	if (probe_report(what, p + off, &pfn, &flags))
		goto out;
	if ((flags & F_ZERO) || pfn == zero_pfn ||
	    (pfn >= hz && pfn < hz + hpage_nr)) {
		fail(what, "written page pfn 0x%llx is %s (flags 0x%llx)",
		     pfn, kind(flags), flags);
		goto out;
	}
	/* The PMD is split: the rest maps the small zero page. */
	if (probe_report(what, p, &rpfn, &rflags))
		goto out;

	/* The huge zero folio itself must still read zeros. */
	q = map_thp(what, len);
	if (!q)
		goto out;
	bad = check_bytes(q, len, -1, 0);
	if (bad >= 0)
		fail_bytes(what, "fresh map", q, bad, -1, 0);
	else if (!expect_huge_zero(what, "fresh map", q, NULL))
		pass("COW from huge zero folio (new pfn 0x%llx %s, rest %s, huge zero still zeros)",
		     pfn, kind(flags), kind(rflags));
	munmap(q, len);
out:
	munmap(p, len);
}

static void check_mremap(void)
{
	const char *what = "mremap of huge zero mapping";
	size_t len = 2 * hpage_size;
	unsigned long long pfn;
	char *p, *dst, *q;
	long bad;

	p = map_thp_zeros(what, len);
	if (!p)
		return;
	if (expect_huge_zero(what, "before mremap", p, NULL)) {
		munmap(p, len);
		return;
	}
	dst = map_aligned(len, PROT_NONE);
	if (!dst) {
		fail(what, "mmap target: %s", strerror(errno));
		munmap(p, len);
		return;
	}
	q = mremap(p, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, dst);
	if (q == MAP_FAILED) {
		fail(what, "mremap: %s", strerror(errno));
		munmap(p, len);
		munmap(dst, len);
		return;
	}
	if (q != dst) {
		fail(what, "mremap returned %p, wanted %p", q, dst);
		munmap(q, len);
		munmap(dst, len);
		return;
	}
	bad = check_bytes(q, len, -1, 0);
	if (bad >= 0)
		fail_bytes(what, "after mremap", q, bad, -1, 0);
	else if (!expect_huge_zero(what, "after mremap", q, &pfn) &&
		 !expect_huge_zero(what, "after mremap 2nd PMD",
				   q + hpage_size, NULL))
		pass("mremap of huge zero mapping (pfn 0x%llx, 2 PMDs moved)",
		     pfn);
	munmap(q, len);
}

/* Check that @addr maps the small zero page, not the huge zero folio. */
static int expect_small_zero(const char *what, const char *ctx,
			     const void *addr, unsigned long long *pfnp)
{
	unsigned long long pfn, flags;
	int ret;

	ret = probe_report(what, addr, &pfn, &flags);
	if (ret)
		return ret;
	if (!(flags & F_ZERO) || (flags & F_THP))
		return fail(what, "%s: pfn 0x%llx is %s (flags 0x%llx), expected small zero",
			    ctx, pfn, kind(flags), flags);
	*pfnp = pfn;
	return 0;
}

static void check_split(void)
{
	const char *what = "split of huge zero PMD";
	size_t len = 2 * hpage_size;
	size_t mid = hpage_size / 2;	/* page index hpage_nr / 2 */
	unsigned long long a, b, c, d;
	char *p, *p2;
	long bad;

	p = map_thp(what, len);
	if (!p)
		return;
	p2 = p + hpage_size;
	if (!reads_zeros(what, p, len))
		goto out;
	if (expect_huge_zero(what, "1st PMD", p, NULL) ||
	    expect_huge_zero(what, "2nd PMD", p2, NULL))
		goto out;

	/* Zapping one page splits the 1st huge zero PMD. */
	if (madvise(p + mid, page_size, MADV_DONTNEED)) {
		fail(what, "madvise(MADV_DONTNEED): %s", strerror(errno));
		goto out;
	}
	/* Splitting the VMA / changing protection splits the 2nd PMD. */
	if (mprotect(p2 + mid, page_size, PROT_READ)) {
		fail(what, "mprotect: %s", strerror(errno));
		goto out;
	}

	bad = check_bytes(p, len, -1, 0);
	if (bad >= 0) {
		fail_bytes(what, "after split", p, bad, -1, 0);
		goto out;
	}
	if (expect_small_zero(what, "next to zapped page",
			      p + mid - page_size, &a) ||
	    expect_small_zero(what, "refaulted zapped page", p + mid, &b) ||
	    expect_small_zero(what, "mprotected page", p2 + mid, &c) ||
	    expect_small_zero(what, "next to mprotected page",
			      p2 + mid + page_size, &d))
		goto out;
	pass("split of huge zero PMD (DONTNEED+mprotect -> zero pfn 0x%llx%s)",
	     a, (a == b && a == c && a == d &&
		 (!zero_pfn || a == zero_pfn)) ? "" : " (differing zero pfns)");
out:
	munmap(p, len);
}

static void check_use_zero_page(void)
{
	const char *what = "use_zero_page=0";
	unsigned long long pfn, flags, hz;
	size_t len = hpage_size;
	bool ok = false;
	char old[16];
	char *p = NULL;
	long bad;
	int ret;

	ret = read_str(USE_ZERO_PAGE, old, sizeof(old));
	if (ret) {
		if (ret == -ENOENT)
			skip(what, "%s: %s", USE_ZERO_PAGE, strerror(-ret));
		else
			fail(what, "read %s: %s", USE_ZERO_PAGE,
			     strerror(-ret));
		return;
	}
	ret = write_str(USE_ZERO_PAGE, "0");
	if (ret) {
		fail(what, "write 0 to %s: %s", USE_ZERO_PAGE, strerror(-ret));
		return;
	}

	p = map_thp(what, len);
	if (!p)
		goto restore;
	if (!reads_zeros(what, p, len))
		goto restore;
	if (probe_report(what, p, &pfn, &flags))
		goto restore;
	if ((flags & F_ZERO) || !(flags & F_THP)) {
		char b[64];

		fail(what, "read fault mapped pfn 0x%llx (%s), expected a new THP (thp=%s)",
		     pfn, kind(flags), thp_mode(b, sizeof(b)));
		goto restore;
	}
	if (pfn & (hpage_nr - 1)) {
		fail(what, "THP pfn 0x%llx not %lu-aligned", pfn, hpage_nr);
		goto restore;
	}
	munmap(p, len);
	p = NULL;

	/* With use_zero_page=1 the huge zero folio must be used again. */
	ret = write_str(USE_ZERO_PAGE, "1");
	if (ret) {
		fail(what, "write 1 to %s: %s", USE_ZERO_PAGE, strerror(-ret));
		goto restore;
	}
	p = map_thp(what, len);
	if (!p)
		goto restore;
	bad = check_bytes(p, len, -1, 0);
	if (bad >= 0)
		fail_bytes(what, "after use_zero_page=1", p, bad, -1, 0);
	else if (!expect_huge_zero(what, "after use_zero_page=1", p, &hz))
		ok = true;

restore:
	if (p)
		munmap(p, len);
	ret = write_str(USE_ZERO_PAGE, old);
	if (ret)
		fail(what, "restore %s to %s: %s", USE_ZERO_PAGE, old,
		     strerror(-ret));
	else if (ok)
		pass("use_zero_page=0 gives THP pfn 0x%llx, =1 again: huge zero pfn 0x%llx",
		     pfn, hz);
}

static void check_collapse(void)
{
	const char *what = "MADV_COLLAPSE";
	const long hit = 7 * (long)page_size;
	unsigned long long pfn, flags, pfn7, flags7;
	size_t len = hpage_size;
	int tries, err = 0;
	char *p;
	long bad;

	p = map_aligned(len, PROT_READ | PROT_WRITE);
	if (!p) {
		fail(what, "mmap: %s", strerror(errno));
		return;
	}
	if (madvise(p, len, MADV_NOHUGEPAGE)) {
		if (errno == EINVAL)
			skip(what, "madvise(MADV_NOHUGEPAGE): %s",
			     strerror(errno));
		else
			fail(what, "madvise(MADV_NOHUGEPAGE): %s",
			     strerror(errno));
		goto out;
	}
	if (!reads_zeros(what, p, len))
		goto out;
	if (probe_report(what, p, &pfn, &flags))
		goto out;
	if (!(flags & F_ZERO) || (flags & F_THP)) {
		fail(what, "before collapse: pfn 0x%llx is %s, expected zero",
		     pfn, kind(flags));
		goto out;
	}

	*(volatile char *)(p + hit) = 0x33;

	if (madvise(p, len, MADV_HUGEPAGE)) {
		fail(what, "madvise(MADV_HUGEPAGE): %s", strerror(errno));
		goto out;
	}
	for (tries = 0; tries < 4; tries++) {
		if (!madvise(p, len, MADV_COLLAPSE))
			break;
		err = errno;
		if (err == EINVAL) {
			skip(what, "madvise(MADV_COLLAPSE): EINVAL (unsupported)");
			goto out;
		}
		usleep(100 * 1000);
	}
	if (tries == 4) {
		fail(what, "madvise(MADV_COLLAPSE) failed 4 times: %s",
		     strerror(err));
		goto out;
	}

	bad = check_bytes(p, len, hit, 0x33);
	if (bad >= 0) {
		fail_bytes(what, "after collapse", p, bad, hit, 0x33);
		goto out;
	}
	if (probe_report(what, p, &pfn, &flags) ||
	    probe_report(what, p + hit, &pfn7, &flags7))
		goto out;
	if (!(flags & F_THP) || (flags & F_ZERO)) {
		fail(what, "after collapse pfn 0x%llx is %s (flags 0x%llx)",
		     pfn, kind(flags), flags);
		goto out;
	}
	if (pfn & (hpage_nr - 1)) {
		fail(what, "THP pfn 0x%llx not %lu-aligned", pfn, hpage_nr);
		goto out;
	}
	if (pfn7 != pfn + 7 || !(flags7 & F_THP)) {
		fail(what, "page 7 pfn 0x%llx (%s), expected 0x%llx",
		     pfn7, kind(flags7), pfn + 7);
		goto out;
	}
	pass("MADV_COLLAPSE of zero PTEs gives THP pfn 0x%llx%s", pfn,
	     tries ? " (after retry)" : "");
out:
	munmap(p, len);
}

/*
 * arm64 MTE: the zero page and the huge zero folio mapped into PROT_MTE
 * mappings.  Their tags must have been cleared before their linear alias
 * became read-only (a tag store needs write permission), and installing
 * them must not store tags through that alias: a read with tag 0 must
 * work, and, to show that tag checks are on, a read with tag 1 must fault
 * with SEGV_MTESERR.
 */
#ifdef __aarch64__
#ifndef PROT_MTE
#define PROT_MTE		0x20
#endif
#ifndef HWCAP2_MTE
#define HWCAP2_MTE		(1 << 18)
#endif
#ifndef PR_SET_TAGGED_ADDR_CTRL
#define PR_SET_TAGGED_ADDR_CTRL	55
#define PR_TAGGED_ADDR_ENABLE	(1UL << 0)
#endif
#ifndef PR_MTE_TCF_SYNC
#define PR_MTE_TCF_SYNC		(1UL << 1)
#define PR_MTE_TAG_SHIFT	3
#endif
#ifndef SEGV_MTESERR
#define SEGV_MTESERR		9
#endif

static sigjmp_buf mte_env;
static volatile int mte_code;

static void mte_fault(int sig, siginfo_t *info, void *uc)
{
	(void)sig;
	(void)uc;
	mte_code = info->si_code;
	siglongjmp(mte_env, 1);
}

/* Read one byte at @p with tag @tag: 0, or the si_code of the SIGSEGV. */
static int mte_read(const char *p, unsigned long tag)
{
	const volatile char *q = (const char *)((uintptr_t)p | tag << 56);

	mte_code = 0;
	if (sigsetjmp(mte_env, 1))
		return mte_code ? mte_code : -1;
	(void)*q;
	return 0;
}

/* Tag 0 reads all of [p, p + len); tag 1 faults as a tag check. */
static bool mte_tags_ok(const char *what, const char *p, size_t len)
{
	size_t off;
	int code;

	for (off = 0; off < len; off += page_size) {
		code = mte_read(p + off, 0);
		if (code) {
			fail(what, "read with tag 0 at +0x%zx: SIGSEGV code %d (tags not cleared?)",
			     off, code);
			return false;
		}
	}
	code = mte_read(p, 1);
	if (code != SEGV_MTESERR) {
		fail(what, "read with tag 1: %s %d, expected SEGV_MTESERR",
		     code ? "SIGSEGV code" : "no fault", code);
		return false;
	}
	return true;
}

static void check_mte(bool thp)
{
	const char *what = "MTE zero page", *hwhat = "MTE huge zero folio";
	struct sigaction sa = { .sa_sigaction = mte_fault, .sa_flags = SA_SIGINFO };
	size_t len = 64 * 1024;
	unsigned long long pfn, flags;
	char *p;

	if (!(getauxval(AT_HWCAP2) & HWCAP2_MTE)) {
		skip(what, "this CPU has no MTE (QEMU: -machine virt,mte=on)");
		skip(hwhat, "this CPU has no MTE (QEMU: -machine virt,mte=on)");
		return;
	}
	if (prctl(PR_SET_TAGGED_ADDR_CTRL, PR_TAGGED_ADDR_ENABLE |
		  PR_MTE_TCF_SYNC | (0xfffeUL << PR_MTE_TAG_SHIFT), 0, 0, 0)) {
		fail(what, "prctl(PR_SET_TAGGED_ADDR_CTRL): %s", strerror(errno));
		return;
	}
	sigaction(SIGSEGV, &sa, NULL);

	p = mmap(NULL, len, PROT_READ | PROT_MTE, MAP_PRIVATE | MAP_ANONYMOUS,
		 -1, 0);
	if (p == MAP_FAILED) {
		fail(what, "mmap(PROT_MTE): %s", strerror(errno));
	} else {
		madvise(p, len, MADV_NOHUGEPAGE);
		if (mte_tags_ok(what, p, len) && !probe_report(what, p, &pfn, &flags)) {
			if (flags & F_ZERO)
				pass("MTE zero page: tag 0 reads, tag 1 faults (pfn 0x%llx)", pfn);
			else
				fail(what, "pfn 0x%llx is %s (flags 0x%llx), expected zero",
				     pfn, kind(flags), flags);
		}
		munmap(p, len);
	}

	if (!thp) {
		skip(hwhat, "no %s (CONFIG_TRANSPARENT_HUGEPAGE=n)", THP_SYSFS);
		goto out;
	}
	len = hpage_size;
	p = map_aligned(len, PROT_READ | PROT_MTE);
	if (!p) {
		fail(hwhat, "mmap(PROT_MTE): %s", strerror(errno));
		goto out;
	}
	if (madvise(p, len, MADV_HUGEPAGE)) {
		fail(hwhat, "madvise(MADV_HUGEPAGE): %s", strerror(errno));
	} else if (mte_tags_ok(hwhat, p, len) &&
		   !expect_huge_zero(hwhat, "PROT_MTE", p, &pfn)) {
		pass("MTE huge zero folio: tag 0 reads, tag 1 faults (pfn 0x%llx)", pfn);
	}
	munmap(p, len);
out:
	signal(SIGSEGV, SIG_DFL);
	prctl(PR_SET_TAGGED_ADDR_CTRL, 0, 0, 0, 0);
}
#else
static void check_mte(bool thp)
{
	(void)thp;
}
#endif

int main(int argc, char **argv)
{
	static const char * const thp_checks[] = {
		"huge zero folio",
		"COW from huge zero folio",
		"mremap of huge zero mapping",
		"split of huge zero PMD",
		"use_zero_page=0",
		"MADV_COLLAPSE",
	};
	char buf[32];
	size_t i;

	if (argc > 1 && argv[1][0])
		label = argv[1];

	page_size = (size_t)sysconf(_SC_PAGESIZE);
	hpage_size = 2UL << 20;
	if (!read_str(THP_SYSFS "/hpage_pmd_size", buf, sizeof(buf)))
		hpage_size = strtoul(buf, NULL, 0);
	if (!hpage_size || hpage_size % page_size)
		hpage_size = 2UL << 20;
	hpage_nr = hpage_size / page_size;

	check_zero_page();
	check_mte(!access(THP_SYSFS, F_OK));

	if (access(THP_SYSFS, F_OK)) {
		for (i = 0; i < ARRAY_SIZE(thp_checks); i++)
			skip(thp_checks[i], "no %s (CONFIG_TRANSPARENT_HUGEPAGE=n)",
			     THP_SYSFS);
	} else {
		check_huge_zero();
		check_cow();
		check_mremap();
		check_split();
		check_use_zero_page();
		check_collapse();
	}

	return failures ? 1 : 0;
}
