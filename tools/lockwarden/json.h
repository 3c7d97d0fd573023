/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small strict JSON parser (RFC 8259) for the one-object lines of
 * findings.json.
 */
#ifndef LWT_JSON_H
#define LWT_JSON_H

#include <stddef.h>

enum lwt_json_type {
	LWT_JSON_NULL,
	LWT_JSON_BOOL,
	LWT_JSON_NUMBER,
	LWT_JSON_STRING,
	LWT_JSON_ARRAY,
	LWT_JSON_OBJECT,
};

/**
 * struct lwt_json - one parsed JSON value
 * @type:    which of the members below hold it
 * @boolean: LWT_JSON_BOOL: 0 or 1
 * @str:     LWT_JSON_STRING: the decoded UTF-8 text; LWT_JSON_NUMBER: the
 *           number as written
 * @nr:      LWT_JSON_ARRAY, LWT_JSON_OBJECT: number of elements or members
 * @items:   the elements, or the members' values
 * @keys:    LWT_JSON_OBJECT: the members' names, decoded
 */
struct lwt_json {
	enum lwt_json_type type;
	int boolean;
	char *str;
	size_t nr;
	struct lwt_json **items;
	char **keys;
};

/* Where and why a parse failed: @column counts bytes from 1. */
struct lwt_json_error {
	size_t column;
	char msg[96];
};

/*
 * LWT_JSON_BYTES: the escapes \u0080 to \u00ff stand for the byte of that
 * value, not for the code point's UTF-8: lockwarden writes the bytes of
 * names, which need not be UTF-8, so (Documentation/debugfs.rst).
 */
#define LWT_JSON_BYTES	0x1

/*
 * Parse exactly one JSON value from @text (@len bytes; surrounding blanks
 * allowed, nothing else). Strings must be valid UTF-8 and may not contain
 * U+0000; objects may not repeat a name; nesting is limited to 32 levels.
 * @flags: 0 or LWT_JSON_BYTES. Returns the value, or NULL with @err filled.
 */
struct lwt_json *lwt_json_parse(const char *text, size_t len, unsigned int flags,
				struct lwt_json_error *err);

void lwt_json_free(struct lwt_json *v);

/* The member @key of object @obj, or NULL. */
const struct lwt_json *lwt_json_get(const struct lwt_json *obj, const char *key);

/* @v as an unsigned 64-bit integer: 0, or -1 if not one (fraction, sign, range). */
int lwt_json_u64(const struct lwt_json *v, unsigned long long *out);

/* Name of a type, for messages ("string", "array", ...). */
const char *lwt_json_type_name(enum lwt_json_type type);

#endif /* LWT_JSON_H */
