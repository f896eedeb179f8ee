/*
 * fuzz_http.c: libFuzzer target for the whole request layer of `jixiao
 * serve`: each input is the raw bytes a client sends on one connection
 * (request lines, headers, cookies, queries, url-encoded and multipart
 * bodies, chunked framing, several requests kept alive), written into a
 * socketpair that the server of server.c serves exactly as it serves a
 * TCP connection (server_start without a listening socket, then
 * server_add_socket): MHD parses, then our routes, sessions, CSRF checks,
 * form readers and handlers answer.  The response is read until the server
 * closes the connection, within a bounded wait.
 *
 * Set up once: a temporary SQLite store with the seed declaration and four
 * users whose sessions have fixed tokens, so that inputs carrying
 *   Cookie: jx_session=1111…1 (unit 组织部), 2222…2 (department 组织部),
 *   3333…3 (finance), 4444…4 (admin)   (64 digits each)
 * and the CSRF token cccc…c (64) reach the authenticated routes.
 */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "../src/http/server.h"
#include "../src/review/profile.h"
#include "../src/store/store.h"
#include "../src/util/password.h"

#define WAIT_MS 3000            /* for the whole answer of one input */
#define QUIET_MS 250            /* once all is sent: a silence this long ends it (MHD
                                 * may keep a half-closed connection that holds an
                                 * incomplete request until its timeout) */

static struct server *srv;
static unsigned n_conn;         /* rotates the client address past the per-address cap */

static const struct {
	char digit;
	struct user u;
} users[] = {
	{ '1', { .name = "fuzz_unit", .role = ROLE_UNIT, .unit = "组织部", .department = "" } },
	{ '2', { .name = "fuzz_dept", .role = ROLE_DEPARTMENT, .unit = "", .department = "组织部" } },
	{ '3', { .name = "fuzz_fin", .role = ROLE_FINANCE, .unit = "", .department = "" } },
	{ '4', { .name = "fuzz_admin", .role = ROLE_ADMIN, .unit = "", .department = "" } },
};

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Sends data on a new connection to the server and reads the answer until
 * the server closes it, WAIT_MS pass or it stays silent for QUIET_MS after
 * the last byte was sent; the answer is dropped (a copy goes to `out` when
 * given, for the setup). */
static void exchange(const uint8_t *data, size_t size, struct strbuf *out)
{
	int sv[2];
	struct sockaddr_in sa = { .sin_family = AF_INET };
	size_t sent = 0;
	int64_t end = now_ms() + WAIT_MS;
	char buf[65536];
	bool write_open = true;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv))
		return;
	n_conn++;
	sa.sin_addr.s_addr = htonl(0x0a000000u | (n_conn & 0xffffffu));    /* 10.x.y.z */
	sa.sin_port = htons(40000);
	if (server_add_socket(srv, sv[1], (struct sockaddr *)&sa, sizeof(sa))) {
		close(sv[0]);
		return;
	}
	for (;;) {
		struct pollfd p = { .fd = sv[0], .events = POLLIN | (write_open ? POLLOUT : 0) };
		int64_t left = end - now_ms();
		ssize_t n;

		if (!write_open && left > QUIET_MS)
			left = QUIET_MS;
		if (left <= 0 || poll(&p, 1, (int)left) <= 0)
			break;
		if (write_open && (p.revents & POLLOUT)) {
			n = send(sv[0], data + sent, size - sent, MSG_NOSIGNAL);
			if (n > 0)
				sent += (size_t)n;
			if (sent == size || (n < 0 && errno != EAGAIN)) {
				shutdown(sv[0], SHUT_WR);   /* the client is done: MHD answers and closes */
				write_open = false;
			}
		}
		if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
			n = recv(sv[0], buf, sizeof(buf), 0);
			if (n == 0 || (n < 0 && errno != EAGAIN))
				break;
			if (n > 0 && out)
				sb_add(out, buf, (size_t)n);
		}
	}
	close(sv[0]);
}

/* The store, the users and their sessions, the seed imported through the
 * API; then the server.  Aborts when any of it fails. */
static void setup(void)
{
	static char dir[] = "/tmp/fuzz_http.XXXXXX";
	static char db[64];
	static struct server_opts o = { .threads = 1 };
	struct profile *profile = NULL;
	struct strbuf err = STRBUF_INIT, seed = STRBUF_INIT, req = STRBUF_INIT, resp = STRBUF_INIT;
	struct store *s = NULL;
	char hash[PASSWORD_HASH_BYTES], token[65], csrf[65], th[65];
	unsigned char h[32];

	if (sodium_init() < 0 || !mkdtemp(dir))
		__builtin_trap();
	snprintf(db, sizeof(db), "%s/fuzz.db", dir);
	if (profile_load("shanghai-2023", &profile, &err) || store_open(&s, db, NULL) ||
	    password_hash("fuzz-password-not-used", hash))
		__builtin_trap();
	memset(csrf, 'c', 64);
	csrf[64] = '\0';
	for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++) {
		struct user u = users[i].u;
		int64_t id;
		u.hash = hash;
		memset(token, users[i].digit, 64);
		token[64] = '\0';
		crypto_generichash(h, sizeof(h), (const unsigned char *)token, 64, NULL, 0);
		sodium_bin2hex(th, sizeof(th), h, sizeof(h));
		if (store_user_add(s, &u, "fuzz", &id) ||
		    store_session_put(s, th, id, csrf, (int64_t)time(NULL), (int64_t)time(NULL) + 86400 * 365))
			__builtin_trap();
	}
	store_close(s);
	o.db = db;
	o.profile = profile;
	if (server_start(&o, &srv) || sb_add_file(&seed, "tests/golden/convert/seed.txt"))
		__builtin_trap();
	sb_addf(&req, "POST /api/v1/import HTTP/1.1\r\nHost: fuzz\r\nCookie: jx_session=%.64s\r\n"
	        "X-CSRF-Token: %s\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\n"
	        "Connection: close\r\n\r\n", "1111111111111111111111111111111111111111111111111111111111111111",
	        csrf, seed.len);
	sb_add(&req, seed.buf, seed.len);
	exchange((const uint8_t *)req.buf, req.len, &resp);
	if (strncmp(resp.buf, "HTTP/1.1 200", 12) != 0) {
		fprintf(stderr, "fuzz_http: the seed import failed:\n%s\n", resp.buf);
		__builtin_trap();
	}
	sb_release(&err);
	sb_release(&seed);
	sb_release(&req);
	sb_release(&resp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!srv)
		setup();
	exchange(data, size, NULL);
	return 0;
}
