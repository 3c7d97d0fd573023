// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace tests of the control file's language: the real
 * module/outputs/verbs.c compiled against the shim in verbs_deps.h. Every
 * verb the control file takes, every refusal with its kernel message, the
 * write buffer's rules, and each request printed back as the line that
 * makes it again.
 */
#include "verbs_deps.h"		/* first: its include guard replaces the kernel's */
#include "../../../module/outputs/verbs.c"

#include "../engine/runner.h"

/* ===== Helpers ===== */

/* lw_verb_parse() of a copy of @verb; *@msgs gets the messages it printed. */
static int parse(const char *verb, struct lw_verb_req *req, unsigned int *msgs)
{
	char *buf = lw_test_alloc(strlen(verb) + 1);
	int ret;

	strcpy(buf, verb);
	lw_test_msgs_clear();
	ret = lw_verb_parse(buf, req);
	*msgs = lw_test_nr_msgs;
	return ret;
}

/* lw_verb_parse_write() of @count bytes at @data, as the control file's write copies them. */
static int parse_write(const void *data, size_t count, struct lw_verb_req *req)
{
	char *buf = lw_test_alloc(count + 1);

	memcpy(buf, data, count);
	buf[count] = '\0';
	lw_test_msgs_clear();
	return lw_verb_parse_write(buf, count, req);
}

/*
 * Whether "@verb=@arg" parses into @req as the verb @v of the class @name,
 * and, if @quiet, without a message.
 */
static bool parses_as(const char *verb, const char *arg, enum lw_verb v, const char *name,
		      bool quiet, struct lw_verb_req *req)
{
	unsigned int msgs;
	char buf[128];
	int ret;

	snprintf(buf, sizeof(buf), "%s=%s", verb, arg);
	ret = parse(buf, req, &msgs);
	if (ret || (quiet && msgs) || req->verb != v || strcmp(req->name, name)) {
		lw_test_diag("'%s': %d, %u messages, verb %d \"%s\", wanted verb %d \"%s\"",
			     buf, ret, msgs, ret ? -1 : (int)req->verb, ret ? "" : req->name, v,
			     name);
		return false;
	}
	return true;
}

/* lw_verb_show() of @req into @buf. */
static const char *show(const struct lw_verb_req *req, char *buf, size_t size)
{
	struct seq_file seq = { .buf = buf, .size = size };

	lw_verb_show(&seq, req);
	if (seq.count >= size)
		return "(overflow)";
	buf[seq.count] = '\0';
	return buf;
}

/* A file of the module's source, read whole (for the checks of the shim against it). */
static char *source(const char *path)
{
	char name[512];
	FILE *f;
	char *text;
	long len;

	snprintf(name, sizeof(name), "%s/%s", LW_SRC_TOP, path);
	f = fopen(name, "r");
	if (!f || fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		return NULL;
	text = lw_test_alloc(len + 1);
	text[fread(text, 1, len, f)] = '\0';
	fclose(f);
	return text;
}

/* ===== The shim against the module ===== */

TEST(shim_mode_names_are_console_c)
{
	char *text = source("module/outputs/console.c"), *p;
	unsigned int i;

	ASSERT_NONNULL(text);
	p = strstr(text, "const char *const lw_mode_names[] = {");
	ASSERT_NONNULL(p);
	*strstr(p, "};") = '\0';
	for (i = 0; i < ARRAY_SIZE(lw_mode_names); i++) {
		char quoted[32];

		snprintf(quoted, sizeof(quoted), "\"%s\"", lw_mode_names[i]);
		ASSERT_NONNULL(strstr(p, quoted));
	}
	/* And no other name: as many quoted strings as the shim has. */
	for (i = 0; (p = strchr(p, '"')); i++)
		p++;
	ASSERT_EQ(i, 2 * ARRAY_SIZE(lw_mode_names));
	ASSERT_EQ(ARRAY_SIZE(lw_mode_names), LW_MODE_COUNT);
}

TEST(shim_max_subclasses_is_lock_h)
{
	char *text = source("include/lockwarden/lock.h");
	char want[64];

	ASSERT_NONNULL(text);
	snprintf(want, sizeof(want), "#define LW_MAX_SUBCLASSES\t%d\n", LW_MAX_SUBCLASSES);
	ASSERT_NONNULL(strstr(text, want));
}

/* ===== The verbs accepted ===== */

TEST(verbs_without_argument)
{
	static const struct { const char *verb; enum lw_verb id; } ok[] = {
		{ "on", LW_VERB_ON }, { "off", LW_VERB_OFF }, { "reset", LW_VERB_RESET },
		{ "unfilter", LW_VERB_UNFILTER },
	};
	struct lw_verb_req req;
	unsigned int i, msgs;

	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		ASSERT_EQ(parse(ok[i].verb, &req, &msgs), 0);
		ASSERT_EQ(msgs, 0);
		ASSERT_EQ(req.verb, ok[i].id);
		ASSERT_FALSE(req.has_arg);
		ASSERT_EQ(req.sub, -1);
		ASSERT_STREQ(req.name, "");
		ASSERT_EQ(req.ns, 0);
	}
}

TEST(mode_each)
{
	struct lw_verb_req req;
	unsigned int i, msgs;
	char verb[32];

	for (i = 0; i < LW_MODE_COUNT; i++) {
		snprintf(verb, sizeof(verb), "mode=%s", lw_mode_names[i]);
		ASSERT_EQ(parse(verb, &req, &msgs), 0);
		ASSERT_EQ(msgs, 0);
		ASSERT_EQ(req.verb, LW_VERB_MODE);
		ASSERT_TRUE(req.has_arg);
		ASSERT_EQ(req.mode, i);
	}
}

TEST(lockstat_on_off)
{
	struct lw_verb_req req;
	unsigned int msgs;

	ASSERT_EQ(parse("lockstat=on", &req, &msgs), 0);
	ASSERT_EQ(req.verb, LW_VERB_LOCKSTAT);
	ASSERT_TRUE(req.on);
	ASSERT_EQ(parse("lockstat=off", &req, &msgs), 0);
	ASSERT_FALSE(req.on);
	ASSERT_EQ(msgs, 0);
}

TEST(filter_names_and_subclasses)
{
	static const struct { const char *arg, *name; int sub; } ok[] = {
		{ "a", "a", -1 },
		{ "a/0", "a", 0 },
		{ "a/7", "a", 7 },
		{ "a/+1", "a", 1 },			/* kstrtouint() takes a '+' */
		{ "a/007", "a", 7 },
		{ "a/8", "a/8", -1 },			/* no subclass 8: part of the name */
		{ "a/", "a/", -1 },
		{ "/", "/", -1 },
		{ "//1", "/", 1 },
		{ "a/b", "a/b", -1 },
		{ "a/b/2", "a/b", 2 },			/* the last '/' */
		{ "x=y", "x=y", -1 },			/* the first '=' ends the verb */
		{ "name with spaces~", "name with spaces~", -1 },
		{ "lw_sc_odd\"q\\", "lw_sc_odd\"q\\", -1 },
		/* 39 bytes, the longest name, and with a subclass */
		{ "abcdefghijklmnopqrstuvwxyz0123456789ABC", "abcdefghijklmnopqrstuvwxyz0123456789ABC", -1 },
		{ "abcdefghijklmnopqrstuvwxyz0123456789ABC/3", "abcdefghijklmnopqrstuvwxyz0123456789ABC", 3 },
	};
	struct lw_verb_req req;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		ASSERT_TRUE(parses_as("filter", ok[i].arg, LW_VERB_FILTER, ok[i].name, true, &req));
		ASSERT_EQ(req.sub, ok[i].sub);
		ASSERT_TRUE(parses_as("unfilter", ok[i].arg, LW_VERB_UNFILTER, ok[i].name, false,
				      &req));
		ASSERT_TRUE(req.has_arg);
		ASSERT_EQ(req.sub, ok[i].sub);
	}
}

TEST(budget_names_and_numbers)
{
	static const struct { const char *arg, *name; u64 ns; } ok[] = {
		{ "a:1", "a", 1000 },
		{ "a:0", "a", 0 },			/* removes it */
		{ "a:000", "a", 0 },
		{ "a:+5", "a", 5000 },
		{ "a:b:7", "a:b", 7000 },		/* the last ':' */
		{ "a/1:7", "a/1", 7000 },		/* no subclass: the whole name */
		{ "lw_scenario_a:20000", "lw_scenario_a", 20000000 },
		/* The largest count of microseconds whose nanoseconds fit in 64 bits. */
		{ "a:18446744073709551", "a", 18446744073709551000ULL },
		{ "abcdefghijklmnopqrstuvwxyz0123456789ABC:1", "abcdefghijklmnopqrstuvwxyz0123456789ABC", 1000 },
	};
	struct lw_verb_req req;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		ASSERT_TRUE(parses_as("budget", ok[i].arg, LW_VERB_BUDGET, ok[i].name, true, &req));
		ASSERT_EQ(req.ns, ok[i].ns);
		ASSERT_EQ(req.sub, -1);
	}
}

/* ===== The verbs refused, each with its one message ===== */

/* Each of @bad is -EINVAL with exactly one message, @msg (a prefix of it). */
static bool refused(const char *const *bad, unsigned int nr, const char *msg)
{
	struct lw_verb_req req;
	unsigned int i, msgs;

	for (i = 0; i < nr; i++) {
		int ret = parse(bad[i], &req, &msgs);

		if (ret != -EINVAL || msgs != 1 || strncmp(lw_test_last_msg, msg, strlen(msg))) {
			lw_test_diag("'%s': %d, %u messages, the last \"%s\", wanted \"%s\"",
				     bad[i], ret, msgs, lw_test_last_msg, msg);
			return false;
		}
	}
	return true;
}

TEST(unknown_verbs)
{
	/* debugfs_test.sh's and lockstat_test.c's among them */
	static const char *const bad[] = {
		"bogus", "ON", "on ", " on", "mode", "filter", "lockstat", "budget",
		"off=1", "reset=now", "on=", "=on", "", "=", "checking=on", "on\n",
		"modes=warn", "mod=warn", "unfilter ",
	};

	ASSERT_TRUE(refused(bad, ARRAY_SIZE(bad), "lockwarden: control: unknown verb '"));
}

TEST(unknown_verb_quoted)
{
	struct lw_verb_req req;
	unsigned int msgs;
	char verb[128];

	ASSERT_EQ(parse("b\x01o\tg\xe9=1", &req, &msgs), -EINVAL);
	ASSERT_STREQ(lw_test_last_msg, "lockwarden: control: unknown verb 'b?o?g?'\n");
	/* At most 48 bytes of it. */
	memset(verb, 'v', 100);
	verb[100] = '\0';
	ASSERT_EQ(parse(verb, &req, &msgs), -EINVAL);
	ASSERT_STREQ(lw_test_last_msg, "lockwarden: control: unknown verb "
		     "'vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv'\n");
}

TEST(bad_modes)
{
	static const char *const bad[] = {
		"mode=", "mode=loud", "mode= warn", "mode=warn ", "mode=Warn",
		"mode=warn\n", "mode=report=1", "mode=0",
	};

	ASSERT_TRUE(refused(bad, ARRAY_SIZE(bad),
			    "lockwarden: control: mode must be report, warn, panic or silent\n"));
}

TEST(bad_filters)
{
	static const char *const bad[] = {
		"filter=", "filter=/3", "filter=a\tb", "filter=a\nb",
		"filter=\x7f", "filter=caf\xc3\xa9", "filter=a\x01",
		/* 40 bytes: one too many, with or without a subclass */
		"filter=abcdefghijklmnopqrstuvwxyz0123456789ABCD",
		"filter=abcdefghijklmnopqrstuvwxyz0123456789ABCD/1",
	};
	static const char *const bad_un[] = { "unfilter=", "unfilter=/1", "unfilter=a\tb" };

	ASSERT_TRUE(refused(bad, ARRAY_SIZE(bad),
			    "lockwarden: control: filter needs a class name of 1 to 39 printable characters\n"));
	ASSERT_TRUE(refused(bad_un, ARRAY_SIZE(bad_un),
			    "lockwarden: control: unfilter needs a class name of 1 to 39 printable characters\n"));
}

TEST(bad_lockstat)
{
	static const char *const bad[] = {
		"lockstat=", "lockstat=yes", "lockstat=1", "lockstat=ON", "lockstat=on ",
	};

	ASSERT_TRUE(refused(bad, ARRAY_SIZE(bad), "lockwarden: control: lockstat must be on or off\n"));
}

TEST(bad_budgets)
{
	/* test_control_refused's among them */
	static const char *const bad[] = {
		"budget=", "budget=lw_ls_budget", "budget=:100", "budget=lw_ls_budget:",
		"budget=lw_ls_budget:-1", "budget=lw_ls_budget:12x",
		"budget=lw_ls_budget:18446744073709551615", "budget=a:18446744073709552",
		"budget=a:99999999999999999999999", "budget=a:0x10", "budget=a: 1", "budget=a:1 ",
		"budget=a_class_name_longer_than_a_finding_keeps:1",
	};

	ASSERT_TRUE(refused(bad, ARRAY_SIZE(bad), "lockwarden: control: budget needs CLASS:USECS"));
}

/*
 * A budget's class name is printable ASCII, as a filter's: the control file
 * reads it back in a line that must be a verb again.
 */
TEST(bad_budget_names)
{
	static const char *const bad[] = {
		"budget=a\tb:5", "budget=a\nb:5", "budget=\x01:5", "budget=caf\xc3\xa9:5",
		"budget=a\x7f:1", "budget=\n:1", "budget=budget=a:1\nbudget=b:2",
	};

	ASSERT_TRUE(refused(bad, ARRAY_SIZE(bad),
			    "lockwarden: control: budget needs CLASS:USECS, a class name of 1 to 39 printable characters\n"));
}

/* ===== One write: its size, its newline, its NUL bytes ===== */

TEST(write_size)
{
	static char page[PAGE_SIZE + 1];
	struct lw_verb_req req;

	ASSERT_EQ(parse_write("", 0, &req), -EINVAL);
	ASSERT_STREQ(lw_test_last_msg, "lockwarden: control: a verb is 1 to 4096 bytes, not 0\n");
	memset(page, 'o', sizeof(page));
	ASSERT_EQ(parse_write(page, PAGE_SIZE + 1, &req), -EINVAL);
	ASSERT_STREQ(lw_test_last_msg, "lockwarden: control: a verb is 1 to 4096 bytes, not 4097\n");
	ASSERT_EQ(lw_test_nr_msgs, 1);
	/* A page is a size the file takes: then an unknown verb. */
	ASSERT_EQ(parse_write(page, PAGE_SIZE, &req), -EINVAL);
	ASSERT_NONNULL(strstr(lw_test_last_msg, "unknown verb 'oooo"));
	ASSERT_EQ(lw_test_nr_msgs, 1);
	/* A whole page of verb: accepted. */
	memset(page, 0, sizeof(page));
	memcpy(page, "filter=", 7);
	memset(page + 7, 'f', 39);
	ASSERT_EQ(parse_write(page, 7 + 39, &req), 0);
	ASSERT_EQ(lw_verb_check_size(PAGE_SIZE), 0);
	ASSERT_EQ(lw_verb_check_size(1), 0);
	ASSERT_EQ(lw_verb_check_size(0), -EINVAL);
	ASSERT_EQ(lw_verb_check_size(PAGE_SIZE + 1), -EINVAL);
}

TEST(write_one_newline)
{
	struct lw_verb_req req;

	ASSERT_EQ(parse_write("on\n", 3, &req), 0);
	ASSERT_EQ(req.verb, LW_VERB_ON);
	ASSERT_EQ(lw_test_nr_msgs, 0);
	ASSERT_EQ(parse_write("mode=warn\n", 10, &req), 0);
	ASSERT_EQ(req.mode, LW_MODE_WARN);
	/* Only one. */
	ASSERT_EQ(parse_write("on\n\n", 4, &req), -EINVAL);
	ASSERT_STREQ(lw_test_last_msg, "lockwarden: control: unknown verb 'on?'\n");
	ASSERT_EQ(parse_write("mode=warn\n\n", 11, &req), -EINVAL);
	ASSERT_EQ(parse_write("\n", 1, &req), -EINVAL);
	ASSERT_STREQ(lw_test_last_msg, "lockwarden: control: an empty verb or a NUL byte in a write\n");
	ASSERT_EQ(parse_write("\non", 3, &req), -EINVAL);
	ASSERT_EQ(parse_write("o\nn", 3, &req), -EINVAL);
}

/*
 * Nothing after the one newline a write may end with: not in a number
 * either, though kstrtou64() and kstrtouint() take one.
 */
TEST(write_no_second_newline_in_a_number)
{
	static const char *const bad[] = {
		"filter=a/3\n\n", "unfilter=a/3\n\n", "budget=a:5\n\n", "budget=a:0\n\n",
	};
	struct lw_verb_req req;
	unsigned int i, msgs;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ASSERT_EQ(parse_write(bad[i], strlen(bad[i]), &req), -EINVAL);
		ASSERT_EQ(lw_test_nr_msgs, 1);
	}
	/* lockwarden_control() takes a verb without its newline. */
	ASSERT_EQ(parse("budget=a:5\n", &req, &msgs), -EINVAL);
	ASSERT_EQ(parse("filter=a/3\n", &req, &msgs), -EINVAL);
	ASSERT_EQ(msgs, 1);
}

TEST(write_nul_byte)
{
	static const struct { const char *data; size_t count; } bad[] = {
		{ "on\0", 3 }, { "on\0off", 6 }, { "\0", 1 }, { "mode=warn\0", 10 },
		{ "\0on", 3 }, { "on\0\n", 4 },
	};
	struct lw_verb_req req;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ASSERT_EQ(parse_write(bad[i].data, bad[i].count, &req), -EINVAL);
		ASSERT_STREQ(lw_test_last_msg,
			     "lockwarden: control: an empty verb or a NUL byte in a write\n");
		ASSERT_EQ(lw_test_nr_msgs, 1);
	}
}

/* ===== Printed back ===== */

TEST(show_each_verb)
{
	static const struct { const char *verb, *line; } cases[] = {
		{ "on", "on\n" }, { "off", "off\n" }, { "reset", "reset\n" },
		{ "mode=panic", "mode=panic\n" }, { "lockstat=off", "lockstat=off\n" },
		{ "filter=a", "filter=a\n" }, { "filter=a/0", "filter=a/0\n" },
		{ "filter=a/+1", "filter=a/1\n" }, { "filter=a/8", "filter=a/8\n" },
		{ "unfilter", "unfilter\n" }, { "unfilter=b/2", "unfilter=b/2\n" },
		{ "budget=a:b:7", "budget=a:b:7\n" }, { "budget=a:+05", "budget=a:5\n" },
		{ "budget=a:18446744073709551", "budget=a:18446744073709551\n" },
	};
	struct lw_verb_req req, again;
	unsigned int i, msgs;
	char line[128];

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		ASSERT_EQ(parse(cases[i].verb, &req, &msgs), 0);
		ASSERT_STREQ(show(&req, line, sizeof(line)), cases[i].line);
		/* The line, without its newline, is the same request. */
		line[strlen(line) - 1] = '\0';
		ASSERT_EQ(parse(line, &again, &msgs), 0);
		ASSERT_TRUE(!memcmp(&req, &again, sizeof(req)));
	}
}

TEST(verb_names)
{
	ASSERT_STREQ(lw_verb_name(LW_VERB_ON), "on");
	ASSERT_STREQ(lw_verb_name(LW_VERB_BUDGET), "budget");
	ASSERT_STREQ(lw_verb_name(LW_VERB_COUNT), "?");
	ASSERT_STREQ(lw_verb_name((enum lw_verb)-1), "?");
}
