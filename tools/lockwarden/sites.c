// SPDX-License-Identifier: GPL-2.0
/*
 * The lockwarden tool's naming of sites as source lines, as
 * scripts/faddr2line does: the function's symbol in the object's symbol
 * table, then binutils' addr2line on the address relative to its section.
 */
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sites.h"
#include "util.h"

/* Deep enough for a kernel build tree's drivers/x/y/z/. */
#define LWT_SEARCH_DEPTH	8

/* A module's object file, read when a site first names the module. */
struct lwt_object {
	char *module;
	char *path;		/* NULL: no object of that name */
	struct lwt_buf elf;
	int read;		/* 1 read, -1 unreadable or not ELF64 */
	int warned;
};

/* A site already labelled. */
struct lwt_label {
	char *site;
	char *label;
};

static struct {
	struct lwt_object *objs;
	size_t nr_objs;
	char **dirs;
	size_t nr_dirs;
	struct lwt_label *labels;
	size_t nr_labels;
	int no_addr2line;
} lwt_sites;

/* Module names as the kernel keeps them: '-' in a file name is '_'. */
static char *module_name(const char *s, size_t n)
{
	char *name = lwt_strndup(s, n), *p;

	for (p = name; *p; p++)
		if (*p == '-')
			*p = '_';
	return name;
}

/* The module a file name gives: "x/my-drv.ko" is my_drv, "vmlinux" is vmlinux. */
static char *file_module(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (n > 3 && !strcmp(base + n - 3, ".ko"))
		n -= 3;
	return module_name(base, n);
}

static struct lwt_object *add_object(char *module, char *path)
{
	struct lwt_object *o;

	lwt_sites.objs = lwt_realloc(lwt_sites.objs, lwt_sites.nr_objs + 1,
				     sizeof(*lwt_sites.objs));
	o = &lwt_sites.objs[lwt_sites.nr_objs++];
	memset(o, 0, sizeof(*o));
	o->module = module;
	o->path = path;
	return o;
}

int lwt_sites_add(const char *path)
{
	struct stat st;

	if (stat(path, &st)) {
		lwt_err("%s: %s", path, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		lwt_sites.dirs = lwt_realloc(lwt_sites.dirs, lwt_sites.nr_dirs + 1,
					     sizeof(*lwt_sites.dirs));
		lwt_sites.dirs[lwt_sites.nr_dirs++] = lwt_strdup(path);
		return 0;
	}
	if (!S_ISREG(st.st_mode)) {
		lwt_err("%s: not a module object or a directory", path);
		return -1;
	}
	add_object(file_module(path), lwt_strdup(path));
	return 0;
}

/* The first MODULE.ko under @dir, depth first, or NULL. */
static char *search_dir(const char *dir, const char *module, int depth)
{
	struct dirent *d;
	char *found = NULL;
	DIR *dp;

	if (depth > LWT_SEARCH_DEPTH)
		return NULL;
	dp = opendir(dir);
	if (!dp)
		return NULL;
	while (!found && (d = readdir(dp))) {
		char *path, *name;
		struct stat st;

		if (d->d_name[0] == '.')
			continue;
		path = lwt_path(dir, d->d_name);
		if (stat(path, &st)) {
			free(path);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			found = search_dir(path, module, depth + 1);
		} else if (S_ISREG(st.st_mode)) {
			size_t n = strlen(d->d_name);

			if (n > 3 && !strcmp(d->d_name + n - 3, ".ko")) {
				name = file_module(d->d_name);
				if (!strcmp(name, module)) {
					found = path;
					path = NULL;
				}
				free(name);
			}
		}
		free(path);
	}
	closedir(dp);
	return found;
}

static struct lwt_object *find_object(const char *module)
{
	char *path = NULL;
	size_t i;

	for (i = 0; i < lwt_sites.nr_objs; i++)
		if (!strcmp(lwt_sites.objs[i].module, module))
			return &lwt_sites.objs[i];
	for (i = 0; i < lwt_sites.nr_dirs && !path; i++)
		path = search_dir(lwt_sites.dirs[i], module, 0);
	/* Not found is remembered too: each directory is searched once. */
	return add_object(lwt_strdup(module), path);
}

/* @n bytes at @off fit in the object. */
static int in_elf(const struct lwt_buf *elf, uint64_t off, uint64_t n)
{
	return off <= elf->len && n <= elf->len - off;
}

/* The NUL-terminated string at @off of the string table @tab, or NULL. */
static const char *elf_str(const struct lwt_buf *elf, const Elf64_Shdr *tab, uint64_t off)
{
	const char *s;

	if (tab->sh_type != SHT_STRTAB || off >= tab->sh_size ||
	    !in_elf(elf, tab->sh_offset, tab->sh_size))
		return NULL;
	s = elf->data + tab->sh_offset + off;
	return memchr(s, '\0', tab->sh_size - off) ? s : NULL;
}

/*
 * The size kallsyms gives symbol @j of symbol table @symtab: the distance to
 * the next symbol of its section, or to the section's end, as
 * scripts/faddr2line computes it (the ELF size leaves out the padding).
 */
static uint64_t kallsyms_size(const struct lwt_buf *elf, const Elf64_Ehdr *eh,
			      const Elf64_Shdr *sh, const Elf64_Shdr *symtab,
			      const Elf64_Sym *sym)
{
	uint64_t end = sh[sym->st_shndx].sh_size, start = sym->st_value, k;
	Elf64_Sym other;

	/* Linked (vmlinux): st_value is an address, the section starts at sh_addr. */
	if (eh->e_type != ET_REL)
		end += sh[sym->st_shndx].sh_addr;
	for (k = 0; k < symtab->sh_size / sizeof(other); k++) {
		memcpy(&other, elf->data + symtab->sh_offset + k * sizeof(other), sizeof(other));
		if (other.st_shndx != sym->st_shndx ||
		    ELF64_ST_TYPE(other.st_info) == STT_SECTION ||
		    ELF64_ST_TYPE(other.st_info) == STT_FILE)
			continue;
		if (other.st_value > start && other.st_value < end)
			end = other.st_value;
	}
	return end > start ? end - start : 0;
}

/*
 * Whether a site's @size is @sym's: its ELF size, or kallsyms'. The last
 * function of a section runs, for kallsyms, to the next symbol of the
 * loaded module, or the end of its memory (init code: a page), which the
 * object does not tell: any size from the section's end on fits it.
 */
static int size_fits(const struct lwt_buf *elf, const Elf64_Ehdr *eh, const Elf64_Shdr *sh,
		     const Elf64_Shdr *symtab, const Elf64_Sym *sym, uint64_t size)
{
	uint64_t ksize = kallsyms_size(elf, eh, sh, symtab, sym);
	uint64_t end = sym->st_value + ksize;

	if (size == sym->st_size || size == ksize)
		return 1;
	if (eh->e_type != ET_REL)
		end -= sh[sym->st_shndx].sh_addr;
	return end == sh[sym->st_shndx].sh_size && size > ksize;
}

/*
 * The section and section-relative address of function @func in @o, in
 * @sec and @addr: the one whose size, as the ELF or kallsyms gives it, is
 * @size. Returns 0, or -1 if it has none.
 */
static int find_function(struct lwt_object *o, const char *func, uint64_t size,
			 const char **sec, uint64_t *addr)
{
	const struct lwt_buf *elf = &o->elf;
	Elf64_Ehdr eh;
	Elf64_Shdr *sh;
	size_t i, j;

	memcpy(&eh, elf->data, sizeof(eh));
	sh = lwt_realloc(NULL, eh.e_shnum ? eh.e_shnum : 1, sizeof(*sh));
	for (i = 0; i < eh.e_shnum; i++)
		memcpy(&sh[i], elf->data + eh.e_shoff + i * sizeof(*sh), sizeof(*sh));
	for (i = 0; i < eh.e_shnum; i++) {
		if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh.e_shnum ||
		    !in_elf(elf, sh[i].sh_offset, sh[i].sh_size))
			continue;
		for (j = 0; j < sh[i].sh_size / sizeof(Elf64_Sym); j++) {
			const char *name, *sname;
			Elf64_Sym sym;

			memcpy(&sym, elf->data + sh[i].sh_offset + j * sizeof(sym), sizeof(sym));
			if (ELF64_ST_TYPE(sym.st_info) != STT_FUNC ||
			    sym.st_shndx == SHN_UNDEF || sym.st_shndx >= eh.e_shnum)
				continue;
			name = elf_str(elf, &sh[sh[i].sh_link], sym.st_name);
			if (!name || strcmp(name, func))
				continue;
			if (!size_fits(elf, &eh, sh, &sh[i], &sym, size))
				continue;
			sname = eh.e_shstrndx < eh.e_shnum ?
				elf_str(elf, &sh[eh.e_shstrndx], sh[sym.st_shndx].sh_name) : NULL;
			if (!sname)
				continue;
			*sec = sname;
			/* Relocatable (.ko): st_value is already section-relative. */
			*addr = sym.st_value - (eh.e_type == ET_REL ? 0 : sh[sym.st_shndx].sh_addr);
			free(sh);
			return 0;
		}
	}
	free(sh);
	return -1;
}

/* The object's fields are read as this machine's integers. */
static int host_little_endian(void)
{
	const uint16_t one = 1;

	return *(const uint8_t *)&one;
}

static int read_object(struct lwt_object *o)
{
	Elf64_Ehdr eh;

	if (o->read)
		return o->read > 0 ? 0 : -1;
	o->read = -1;
	if (lwt_read_path(o->path, &o->elf)) {
		lwt_err("%s: %s; its sites stay unresolved", o->path, strerror(errno));
		return -1;
	}
	if (o->elf.len < sizeof(eh) || memcmp(o->elf.data, ELFMAG, SELFMAG) ||
	    o->elf.data[EI_CLASS] != ELFCLASS64 ||
	    o->elf.data[EI_DATA] != (host_little_endian() ? ELFDATA2LSB : ELFDATA2MSB)) {
		lwt_err("%s: not a 64-bit ELF object of this machine's byte order; its sites stay unresolved",
			o->path);
		return -1;
	}
	memcpy(&eh, o->elf.data, sizeof(eh));
	if (eh.e_shentsize != sizeof(Elf64_Shdr) ||
	    !in_elf(&o->elf, eh.e_shoff, (uint64_t)eh.e_shnum * sizeof(Elf64_Shdr))) {
		lwt_err("%s: bad section headers; its sites stay unresolved", o->path);
		return -1;
	}
	o->read = 1;
	return 0;
}

/*
 * The outermost source line of @addr in section @sec of @path, from
 * addr2line's inline chain (innermost first): the line in the function
 * the site names, not in a header's inline wrapper. NULL if unknown.
 */
static char *addr2line(const char *path, const char *sec, uint64_t addr)
{
	const char *tool = getenv("ADDR2LINE");
	char hex[24], *line = NULL, *p, *last;
	struct lwt_buf out = { NULL, 0 };
	int fds[2], status;
	size_t cap = 0;
	ssize_t n;
	pid_t pid;

	if (lwt_sites.no_addr2line || pipe(fds))
		return NULL;
	if (!tool || !*tool)
		tool = "addr2line";
	snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)addr);
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return NULL;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(fds[1], STDOUT_FILENO);
		if (null >= 0)
			dup2(null, STDERR_FILENO);
		close(fds[0]);
		close(fds[1]);
		execlp(tool, tool, "-i", "-e", path, "-j", sec, hex, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	for (;;) {
		if (out.len + 256 > cap) {
			cap = cap ? cap * 2 : 1024;
			out.data = lwt_realloc(out.data, cap, 1);
		}
		n = read(fds[0], out.data + out.len, cap - out.len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		out.len += (size_t)n;
	}
	close(fds[0]);
	if (waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 127) {
		lwt_err("%s: not found: sites stay unresolved (install binutils, or set ADDR2LINE)",
			tool);
		lwt_sites.no_addr2line = 1;
	}
	if (!out.data)
		return NULL;
	out.data[out.len] = '\0';
	while (out.len && out.data[out.len - 1] == '\n')
		out.data[--out.len] = '\0';
	last = strrchr(out.data, '\n');
	last = last ? last + 1 : out.data;
	/* "FILE:LINE (discriminator N)": the discriminator is no line. */
	p = strstr(last, " (discriminator ");
	if (p)
		*p = '\0';
	p = strrchr(last, ':');
	if (*last && strncmp(last, "??", 2) && p && p[1] >= '1' && p[1] <= '9')
		line = lwt_strdup(last);
	free(out.data);
	return line;
}

/*
 * "func+0xoff/0xsize [module]" parsed: @func and @module allocated (a
 * site without a module is in vmlinux). Returns 0, or -1 for "?" or an
 * address the kernel could not name.
 */
static int parse_site(const char *site, char **func, uint64_t *off, uint64_t *size,
		      char **module)
{
	const char *plus = strchr(site, '+'), *slash, *sp;
	char *end;

	if (!plus || plus == site || strncmp(plus, "+0x", 3))
		return -1;
	errno = 0;
	*off = strtoull(plus + 3, &end, 16);
	if (errno || end == plus + 3 || strncmp(end, "/0x", 3))
		return -1;
	slash = end;
	*size = strtoull(slash + 3, &end, 16);
	if (errno || end == slash + 3 || *off >= *size)
		return -1;
	if (!*end) {
		*module = lwt_strdup("vmlinux");
	} else {
		sp = strchr(end + 2, ']');
		if (strncmp(end, " [", 2) || !sp || sp == end + 2)
			return -1;
		/* "[module buildid]" on kernels that print build ids. */
		*module = lwt_strndup(end + 2, strcspn(end + 2, " ]"));
	}
	*func = lwt_strndup(site, (size_t)(plus - site));
	return 0;
}

static char *resolve(const char *site)
{
	uint64_t off, size, addr;
	char *func, *module, *line = NULL;
	struct lwt_object *o;
	const char *sec;

	if (parse_site(site, &func, &off, &size, &module))
		return NULL;
	o = find_object(module);
	if (o->path && !read_object(o)) {
		if (!find_function(o, func, size, &sec, &addr)) {
			/*
			 * A site is a return address: off - 1 is in the call,
			 * whose line is wanted (the kernel's %pB does the same).
			 */
			line = addr2line(o->path, sec, addr + off - (off ? 1 : 0));
		} else if (!o->warned) {
			lwt_err("%s: no function %s of 0x%llx bytes: not the object that ran? Its sites stay unresolved",
				o->path, func, (unsigned long long)size);
			o->warned = 1;
		}
	}
	free(func);
	free(module);
	return line;
}

int lwt_sites_given(void)
{
	return lwt_sites.nr_objs || lwt_sites.nr_dirs;
}

char *lwt_site_label(const char *site)
{
	struct lwt_label *l;
	char *line;
	size_t i;

	if (!lwt_sites_given())
		return lwt_strdup(site);
	for (i = 0; i < lwt_sites.nr_labels; i++)
		if (!strcmp(lwt_sites.labels[i].site, site))
			return lwt_strdup(lwt_sites.labels[i].label);
	line = resolve(site);
	lwt_sites.labels = lwt_realloc(lwt_sites.labels, lwt_sites.nr_labels + 1,
				       sizeof(*lwt_sites.labels));
	l = &lwt_sites.labels[lwt_sites.nr_labels++];
	l->site = lwt_strdup(site);
	if (line) {
		size_t n = strlen(site) + strlen(line) + 4;

		l->label = lwt_alloc(n);
		snprintf(l->label, n, "%s (%s)", site, line);
		free(line);
	} else {
		l->label = lwt_strdup(site);
	}
	return lwt_strdup(l->label);
}

void lwt_sites_free(void)
{
	size_t i;

	for (i = 0; i < lwt_sites.nr_objs; i++) {
		free(lwt_sites.objs[i].module);
		free(lwt_sites.objs[i].path);
		lwt_buf_free(&lwt_sites.objs[i].elf);
	}
	for (i = 0; i < lwt_sites.nr_dirs; i++)
		free(lwt_sites.dirs[i]);
	for (i = 0; i < lwt_sites.nr_labels; i++) {
		free(lwt_sites.labels[i].site);
		free(lwt_sites.labels[i].label);
	}
	free(lwt_sites.objs);
	free(lwt_sites.dirs);
	free(lwt_sites.labels);
	memset(&lwt_sites, 0, sizeof(lwt_sites));
}
