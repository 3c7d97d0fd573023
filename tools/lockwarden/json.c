// SPDX-License-Identifier: GPL-2.0
/*
 * A small strict JSON parser (RFC 8259): recursive descent over one line,
 * decoding string escapes (surrogate pairs included) to UTF-8.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "util.h"

#define LWT_JSON_MAX_DEPTH	32

struct lwt_parser {
	const unsigned char *s;
	size_t len;
	size_t pos;
	int failed;
	unsigned int flags;
	struct lwt_json_error *err;
};

static __printf(2, 3) void fail(struct lwt_parser *p, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return;
	p->failed = 1;
	p->err->column = p->pos + 1;
	va_start(ap, fmt);
	vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
	va_end(ap);
}

static int peek(const struct lwt_parser *p)
{
	return p->pos < p->len ? p->s[p->pos] : -1;
}

static void skip_blanks(struct lwt_parser *p)
{
	while (p->pos < p->len) {
		unsigned char c = p->s[p->pos];

		if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
			break;
		p->pos++;
	}
}

static int expect_word(struct lwt_parser *p, const char *word)
{
	size_t n = strlen(word);

	if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n)) {
		fail(p, "invalid literal (expected '%s')", word);
		return -1;
	}
	p->pos += n;
	return 0;
}

/* === Strings === */

struct lwt_sbuf {
	char *data;
	size_t len, cap;
};

static void sbuf_put(struct lwt_sbuf *b, const void *bytes, size_t n)
{
	if (b->cap - b->len < n + 1) {
		while (b->cap - b->len < n + 1)
			b->cap = b->cap ? b->cap * 2 : 32;
		b->data = lwt_realloc(b->data, b->cap, 1);
	}
	memcpy(b->data + b->len, bytes, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static void sbuf_put_utf8(struct lwt_sbuf *b, uint32_t cp)
{
	unsigned char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (unsigned char)(0xc0 | (cp >> 6));
		u[1] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (unsigned char)(0xe0 | (cp >> 12));
		u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (unsigned char)(0xf0 | (cp >> 18));
		u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	sbuf_put(b, u, n);
}

/* Length of the well-formed UTF-8 sequence at p->pos, or 0. */
static size_t utf8_len(const struct lwt_parser *p)
{
	const unsigned char *s = p->s + p->pos;
	size_t left = p->len - p->pos, n, i;
	uint32_t cp, min;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		cp = s[0] & 0x1f;
		min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		cp = s[0] & 0x0f;
		min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		cp = s[0] & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (left < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

static int hex_fail(struct lwt_parser *p, int i)
{
	p->pos += i;
	fail(p, "invalid hex digit in \\u escape");
	return -1;
}

static int hex4(struct lwt_parser *p, uint32_t *out)
{
	uint32_t v = 0;
	int i;

	if (p->len - p->pos < 4) {
		fail(p, "truncated \\u escape");
		return -1;
	}
	for (i = 0; i < 4; i++) {
		unsigned char c = p->s[p->pos + i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return hex_fail(p, i);
	}
	p->pos += 4;
	*out = v;
	return 0;
}

/* After the backslash and 'u' of "\uXXXX". */
static int unicode_escape(struct lwt_parser *p, struct lwt_sbuf *b)
{
	uint32_t cp, lo;

	if (hex4(p, &cp))
		return -1;
	if (cp >= 0xdc00 && cp <= 0xdfff) {
		p->pos -= 6;
		fail(p, "lone low surrogate in \\u escape");
		return -1;
	}
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (p->len - p->pos < 2 || p->s[p->pos] != '\\' || p->s[p->pos + 1] != 'u') {
			fail(p, "high surrogate not followed by a low one");
			return -1;
		}
		p->pos += 2;
		if (hex4(p, &lo))
			return -1;
		if (lo < 0xdc00 || lo > 0xdfff) {
			p->pos -= 6;
			fail(p, "high surrogate not followed by a low one");
			return -1;
		}
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	}
	if (cp == 0) {
		p->pos -= 6;
		fail(p, "\\u0000 is not supported in strings");
		return -1;
	}
	if ((p->flags & LWT_JSON_BYTES) && cp >= 0x80 && cp <= 0xff) {
		unsigned char byte = (unsigned char)cp;

		sbuf_put(b, &byte, 1);
		return 0;
	}
	sbuf_put_utf8(b, cp);
	return 0;
}

/* At the opening quote; returns the decoded string or NULL. */
static char *parse_string(struct lwt_parser *p)
{
	struct lwt_sbuf b = { NULL, 0, 0 };
	size_t start = p->pos;

	p->pos++;
	sbuf_put(&b, "", 0);
	for (;;) {
		int c = peek(p);
		size_t n;

		if (c < 0) {
			p->pos = start;
			fail(p, "unterminated string");
			goto err;
		}
		if (c == '"') {
			p->pos++;
			return b.data;
		}
		if (c < 0x20) {
			fail(p, "control character 0x%02x in string", c);
			goto err;
		}
		if (c == '\\') {
			const char *esc;
			int e;

			p->pos++;
			e = peek(p);
			esc = e > 0 ? strchr("\"\\/bfnrtu", e) : NULL;
			if (!esc) {
				p->pos--;
				fail(p, "invalid escape in string");
				goto err;
			}
			p->pos++;
			if (e == 'u') {
				if (unicode_escape(p, &b))
					goto err;
				continue;
			}
			sbuf_put(&b, &"\"\\/\b\f\n\r\t"[esc - "\"\\/bfnrtu"], 1);
			continue;
		}
		n = utf8_len(p);
		if (!n) {
			fail(p, "invalid UTF-8 in string");
			goto err;
		}
		sbuf_put(&b, p->s + p->pos, n);
		p->pos += n;
	}
err:
	free(b.data);
	return NULL;
}

/* === Values === */

static struct lwt_json *parse_value(struct lwt_parser *p, int depth);

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Skip one or more digits: 0, or -1 after failing with @what if none. */
static int skip_digits(struct lwt_parser *p, const char *what)
{
	if (!is_digit(peek(p))) {
		fail(p, "%s", what);
		return -1;
	}
	while (is_digit(peek(p)))
		p->pos++;
	return 0;
}

static struct lwt_json *parse_number(struct lwt_parser *p)
{
	size_t start = p->pos;
	struct lwt_json *v;

	if (peek(p) == '-')
		p->pos++;
	if (peek(p) == '0') {
		p->pos++;
		if (is_digit(peek(p))) {
			fail(p, "leading zero in number");
			return NULL;
		}
	} else if (skip_digits(p, "invalid number")) {
		return NULL;
	}
	if (peek(p) == '.') {
		p->pos++;
		if (skip_digits(p, "digit expected after '.'"))
			return NULL;
	}
	if (peek(p) == 'e' || peek(p) == 'E') {
		p->pos++;
		if (peek(p) == '+' || peek(p) == '-')
			p->pos++;
		if (skip_digits(p, "digit expected in exponent"))
			return NULL;
	}
	v = lwt_alloc(sizeof(*v));
	v->type = LWT_JSON_NUMBER;
	v->str = lwt_strndup((const char *)p->s + start, p->pos - start);
	return v;
}

static void push(struct lwt_json *v, char *key, struct lwt_json *item)
{
	v->items = lwt_realloc(v->items, v->nr + 1, sizeof(*v->items));
	if (v->type == LWT_JSON_OBJECT) {
		v->keys = lwt_realloc(v->keys, v->nr + 1, sizeof(*v->keys));
		v->keys[v->nr] = key;
	}
	v->items[v->nr++] = item;
}

/* Arrays and objects: at the opening bracket. */
static struct lwt_json *parse_container(struct lwt_parser *p, int depth)
{
	int object = peek(p) == '{';
	int close = object ? '}' : ']';
	struct lwt_json *v;

	if (depth >= LWT_JSON_MAX_DEPTH) {
		fail(p, "nesting deeper than %d levels", LWT_JSON_MAX_DEPTH);
		return NULL;
	}
	v = lwt_alloc(sizeof(*v));
	v->type = object ? LWT_JSON_OBJECT : LWT_JSON_ARRAY;
	p->pos++;
	skip_blanks(p);
	if (peek(p) == close) {
		p->pos++;
		return v;
	}
	for (;;) {
		struct lwt_json *item;
		char *key = NULL;

		skip_blanks(p);
		if (object) {
			size_t at = p->pos;

			if (peek(p) != '"') {
				fail(p, "member name (a string) expected");
				goto err;
			}
			key = parse_string(p);
			if (!key)
				goto err;
			if (lwt_json_get(v, key)) {
				p->pos = at;
				fail(p, "duplicate member \"%.40s\"", key);
				free(key);
				goto err;
			}
			skip_blanks(p);
			if (peek(p) != ':') {
				fail(p, "':' expected after member name");
				free(key);
				goto err;
			}
			p->pos++;
		}
		item = parse_value(p, depth + 1);
		if (!item) {
			free(key);
			goto err;
		}
		push(v, key, item);
		skip_blanks(p);
		if (peek(p) == ',') {
			p->pos++;
			skip_blanks(p);
			if (peek(p) == close) {
				fail(p, "trailing comma");
				goto err;
			}
			continue;
		}
		if (peek(p) == close) {
			p->pos++;
			return v;
		}
		fail(p, "',' or '%c' expected", close);
		goto err;
	}
err:
	lwt_json_free(v);
	return NULL;
}

static struct lwt_json *parse_value(struct lwt_parser *p, int depth)
{
	struct lwt_json *v;
	int c;

	skip_blanks(p);
	c = peek(p);
	switch (c) {
	case '{':
	case '[':
		return parse_container(p, depth);
	case '"': {
		char *s = parse_string(p);

		if (!s)
			return NULL;
		v = lwt_alloc(sizeof(*v));
		v->type = LWT_JSON_STRING;
		v->str = s;
		return v;
	}
	case 't':
	case 'f':
		if (expect_word(p, c == 't' ? "true" : "false"))
			return NULL;
		v = lwt_alloc(sizeof(*v));
		v->type = LWT_JSON_BOOL;
		v->boolean = c == 't';
		return v;
	case 'n':
		if (expect_word(p, "null"))
			return NULL;
		v = lwt_alloc(sizeof(*v));
		v->type = LWT_JSON_NULL;
		return v;
	case -1:
		fail(p, "value expected, end of line found");
		return NULL;
	default:
		if (c == '-' || is_digit(c))
			return parse_number(p);
		fail(p, "unexpected character '%c'", c);
		return NULL;
	}
}

/* === Public interface === */

struct lwt_json *lwt_json_parse(const char *text, size_t len, unsigned int flags,
				struct lwt_json_error *err)
{
	struct lwt_parser p = {
		.s = (const unsigned char *)text,
		.len = len,
		.flags = flags,
		.err = err,
	};
	struct lwt_json *v;

	v = parse_value(&p, 0);
	if (!v)
		return NULL;
	skip_blanks(&p);
	if (p.pos != p.len) {
		fail(&p, "unexpected text after the value");
		lwt_json_free(v);
		return NULL;
	}
	return v;
}

void lwt_json_free(struct lwt_json *v)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < v->nr; i++) {
		lwt_json_free(v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
	free(v);
}

const struct lwt_json *lwt_json_get(const struct lwt_json *obj, const char *key)
{
	size_t i;

	if (!obj || obj->type != LWT_JSON_OBJECT)
		return NULL;
	for (i = 0; i < obj->nr; i++)
		if (!strcmp(obj->keys[i], key))
			return obj->items[i];
	return NULL;
}

int lwt_json_u64(const struct lwt_json *v, unsigned long long *out)
{
	char *end;

	if (!v || v->type != LWT_JSON_NUMBER || !is_digit(v->str[0]) ||
	    strpbrk(v->str, ".eE"))
		return -1;
	errno = 0;
	*out = strtoull(v->str, &end, 10);
	return errno || *end ? -1 : 0;
}

const char *lwt_json_type_name(enum lwt_json_type type)
{
	static const char *const names[] = {
		[LWT_JSON_NULL] = "null",
		[LWT_JSON_BOOL] = "boolean",
		[LWT_JSON_NUMBER] = "number",
		[LWT_JSON_STRING] = "string",
		[LWT_JSON_ARRAY] = "array",
		[LWT_JSON_OBJECT] = "object",
	};

	return names[type];
}
