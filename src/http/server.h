/*
 * server.h: starting and stopping the web server of `jixiao serve`
 * (server.c), and the limits it holds every visitor to.
 *
 * server_run (http.h) listens and serves until a signal.  server_start and
 * server_stop are the same server without the waiting; without a listening
 * address it serves only the sockets given to server_add_socket, which is
 * how fuzz/fuzz_http.c drives the whole request layer.
 */
#ifndef JX_SERVER_H
#define JX_SERVER_H

#include <sys/socket.h>

#include "http.h"

/* What a visitor may send and how long it may take (docs/web.md). */
#define HTTP_URL_MAX 8192               /* bytes of the request's URL: 414 beyond */
#define HTTP_QUERY_ARGS_MAX 128         /* query arguments: 414 beyond */
#define HTTP_CONN_MEMORY (64 * 1024)    /* MHD's memory per connection: headers past it 431 */
#define HTTP_CONN_MAX 1000              /* open connections in all */
#define HTTP_PER_ADDR_MAX 64            /* open connections per client address (none
                                         * behind a trusted proxy: all come from it) */
#define HTTP_HEADER_SECONDS 10          /* a request's headers must be in by then */
#define HTTP_BODY_SECONDS 60            /* and its body (HTTP_BODY_MAX) */
#define HTTP_UPLOAD_SECONDS 600         /* and an upload's body (HTTP_UPLOAD_MAX) */
#define HTTP_IDLE_SECONDS 30            /* MHD's timeout for a silent connection */

struct server;

/* Starts serving o->listen, or when o->listen is NULL no socket but those of
 * server_add_socket; *out is the server for server_stop.  0, JX_EINPUT (an
 * unreadable listen address), JX_EIO (cannot listen) or JX_ENOMEM. */
int server_start(const struct server_opts *o, struct server **out);
/* Hands a connected socket to the server, which owns it from then on (also
 * on failure); addr is the client's address.  0 or JX_EIO. */
int server_add_socket(struct server *srv, int fd, const struct sockaddr *addr, socklen_t len);
/* Closes every connection, stops the threads and frees srv (NULL: nothing). */
void server_stop(struct server *srv);

#endif
