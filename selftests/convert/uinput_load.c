// SPDX-License-Identifier: GPL-2.0
/*
 * The convert tier's load on uinput, in the guest: ROUNDS times, a virtual
 * keyboard created through /dev/uinput, four processes writing key events
 * to it at once, then destroyed (every lock of uinput but the force
 * feedback requests' is taken; the requests' lock is taken at destroy).
 *
 * Usage: uinput_load [ROUNDS]   (default 10); exits 0 when all went well.
 */
#include <fcntl.h>
#include <linux/uinput.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define WRITERS	4
#define EVENTS	250

static int emit(int fd, int type, int code, int value)
{
	struct input_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	ev.code = code;
	ev.value = value;
	return write(fd, &ev, sizeof(ev)) == sizeof(ev) ? 0 : -1;
}

/* One writer: EVENTS presses and releases of a key, each with its report. */
static int writer(int fd)
{
	int i;

	for (i = 0; i < EVENTS; i++)
		if (emit(fd, EV_KEY, KEY_A, i & 1) || emit(fd, EV_SYN, SYN_REPORT, 0))
			return 1;
	return 0;
}

static int round_once(int n)
{
	struct uinput_setup setup;
	int fd, i, status, failed = 0;

	fd = open("/dev/uinput", O_WRONLY);
	if (fd < 0) {
		perror("/dev/uinput");
		return 1;
	}
	memset(&setup, 0, sizeof(setup));
	setup.id.bustype = BUS_VIRTUAL;
	snprintf(setup.name, sizeof(setup.name), "lockwarden convert %d", n);
	if (ioctl(fd, UI_SET_EVBIT, EV_KEY) || ioctl(fd, UI_SET_KEYBIT, KEY_A) ||
	    ioctl(fd, UI_DEV_SETUP, &setup) || ioctl(fd, UI_DEV_CREATE)) {
		perror("uinput setup");
		close(fd);
		return 1;
	}
	for (i = 0; i < WRITERS; i++)
		if (fork() == 0)
			_exit(writer(fd));
	for (i = 0; i < WRITERS; i++)
		failed |= wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status);
	failed |= ioctl(fd, UI_DEV_DESTROY) != 0;
	close(fd);
	return failed;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 10, n;

	for (n = 0; n < rounds; n++)
		if (round_once(n)) {
			fprintf(stderr, "uinput_load: round %d failed\n", n);
			return 1;
		}
	return 0;
}
