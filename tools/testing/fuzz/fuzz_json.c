// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the lockwarden tool's JSON parser (json.c), with and
 * without LWT_JSON_BYTES, checking what json.h promises of a parsed value
 * and that a value written back out parses to the same value.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../lockwarden/json.h"
#include "tool_harness.h"

#define MAX_DEPTH	32	/* json.h: nesting is limited to 32 levels */

/* Well-formed UTF-8: no overlong form, no surrogate, nothing past U+10FFFF. */
static int utf8_valid(const unsigned char *s)
{
	while (*s) {
		unsigned int cp, n, i, min;

		if (*s < 0x80) {
			s++;
			continue;
		}
		/* The lead byte's high bits: the length; its other bits start the code point. */
		n = *s >= 0xf0 ? 4 : *s >= 0xe0 ? 3 : 2;
		if (*s < 0xc0 || *s >= 0xf8)
			return 0;
		cp = *s & (0x7f >> n);
		min = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
		for (i = 1; i < n; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		s += n;
	}
	return 1;
}

/* RFC 8259's number: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? */
static int number_valid(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		s += strspn(s, "0123456789");
	else
		return 0;
	if (*s == '.') {
		if (!strspn(++s, "0123456789"))
			return 0;
		s += strspn(s, "0123456789");
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!strspn(s, "0123456789"))
			return 0;
		s += strspn(s, "0123456789");
	}
	return !*s;
}

static void check_number(const struct lwt_json *v)
{
	unsigned long long got = 0, want;
	int all_digits = v->str[strspn(v->str, "0123456789")] == '\0';
	int ret = lwt_json_u64(v, &got);
	char *end;

	FZ_CHECK(number_valid(v->str), "number \"%s\" accepted", v->str);
	if (!all_digits) {
		FZ_CHECK(ret == -1, "\"%s\" taken as a u64", v->str);
		return;
	}
	errno = 0;
	want = strtoull(v->str, &end, 10);
	FZ_CHECK(ret == (errno ? -1 : 0) && (ret || got == want),
		 "\"%s\" as a u64: %d, %llu", v->str, ret, got);
}

static void check_value(const struct lwt_json *v, unsigned int flags, unsigned int depth)
{
	size_t i, j;

	switch (v->type) {
	case LWT_JSON_NULL:
		break;
	case LWT_JSON_BOOL:
		FZ_CHECK(v->boolean == 0 || v->boolean == 1, "boolean %d", v->boolean);
		break;
	case LWT_JSON_NUMBER:
		check_number(v);
		break;
	case LWT_JSON_STRING:
		FZ_CHECK(flags || utf8_valid((const unsigned char *)v->str),
			 "string is not UTF-8");
		break;
	case LWT_JSON_ARRAY:
	case LWT_JSON_OBJECT:
		FZ_CHECK(depth < MAX_DEPTH, "nesting of %u levels accepted", depth + 1);
		FZ_CHECK(!v->nr || v->items, "%zu items and no array", v->nr);
		for (i = 0; i < v->nr; i++) {
			check_value(v->items[i], flags, depth + 1);
			if (v->type == LWT_JSON_ARRAY)
				continue;
			FZ_CHECK(flags || utf8_valid((const unsigned char *)v->keys[i]),
				 "member name is not UTF-8");
			for (j = 0; j < i; j++)
				FZ_CHECK(strcmp(v->keys[i], v->keys[j]),
					 "member \"%s\" repeated", v->keys[i]);
			FZ_CHECK(lwt_json_get(v, v->keys[i]) == v->items[i],
				 "get(\"%s\") is not its member", v->keys[i]);
		}
		break;
	default:
		FZ_CHECK(0, "type %d", v->type);
	}
}

struct out {
	char *s;
	size_t len, cap;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->cap - o->len < n) {
		o->cap = (o->cap + n) * 2;
		o->s = realloc(o->s, o->cap);
		FZ_CHECK(o->s, "out of memory");
	}
	memcpy(o->s + o->len, s, n);
	o->len += n;
}

static void put_string(struct out *o, const char *s)
{
	char esc[8];

	put(o, "\"", 1);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\' || (unsigned char)*s < 0x20) {
			snprintf(esc, sizeof(esc), "\\u%04x", (unsigned char)*s);
			put(o, esc, 6);
		} else {
			put(o, s, 1);
		}
	}
	put(o, "\"", 1);
}

static void put_value(struct out *o, const struct lwt_json *v)
{
	size_t i;

	switch (v->type) {
	case LWT_JSON_NULL:
		put(o, "null", 4);
		break;
	case LWT_JSON_BOOL:
		put(o, v->boolean ? "true" : "false", v->boolean ? 4 : 5);
		break;
	case LWT_JSON_NUMBER:
		put(o, v->str, strlen(v->str));
		break;
	case LWT_JSON_STRING:
		put_string(o, v->str);
		break;
	default:
		put(o, v->type == LWT_JSON_OBJECT ? "{" : "[", 1);
		for (i = 0; i < v->nr; i++) {
			if (i)
				put(o, ",", 1);
			if (v->type == LWT_JSON_OBJECT) {
				put_string(o, v->keys[i]);
				put(o, ":", 1);
			}
			put_value(o, v->items[i]);
		}
		put(o, v->type == LWT_JSON_OBJECT ? "}" : "]", 1);
	}
}

static int same(const struct lwt_json *a, const struct lwt_json *b)
{
	size_t i;

	if (a->type != b->type || a->nr != b->nr || a->boolean != b->boolean)
		return 0;
	if ((a->type == LWT_JSON_STRING || a->type == LWT_JSON_NUMBER) && strcmp(a->str, b->str))
		return 0;
	for (i = 0; i < a->nr; i++)
		if ((a->type == LWT_JSON_OBJECT && strcmp(a->keys[i], b->keys[i])) ||
		    !same(a->items[i], b->items[i]))
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned int flags[] = { 0, LWT_JSON_BYTES };
	size_t i;

	for (i = 0; i < 2; i++) {
		struct lwt_json_error err = { 0, "" };
		struct lwt_json *v, *back;
		struct out o = { NULL, 0, 0 };

		v = lwt_json_parse((const char *)data, size, flags[i], &err);
		if (!v) {
			FZ_CHECK(err.column >= 1 && err.column <= size + 1 && err.msg[0],
				 "refused at column %zu of %zu: \"%s\"", err.column, size, err.msg);
			continue;
		}
		FZ_CHECK(!fz_has_nul(data, size), "a NUL byte accepted");
		check_value(v, flags[i], 0);
		if (!flags[i]) {
			/* Written back out, escaped: the same value again. */
			put_value(&o, v);
			back = lwt_json_parse(o.s, o.len, 0, &err);
			FZ_CHECK(back, "the value written back fails at column %zu: %s",
				 err.column, err.msg);
			FZ_CHECK(same(v, back), "the value written back parses differently");
			lwt_json_free(back);
			free(o.s);
		}
		lwt_json_free(v);
	}
	return 0;
}
