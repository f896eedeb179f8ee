#!/usr/bin/env python3
"""import_probe.py: what users of `jixiao serve` see while an import writes.

Run by bench/http.sh while `jixiao import` (process PID) stores a corpus into
the server's non-empty database.  Until that process ends (at most --max
seconds), one thread per kind sends one request every --every seconds, each
waiting for the answer (timeout 30 s) before the next:

  list   GET /                       (the list page, first page of 50)
  decl   GET /d/ID                   (a declaration's page)
  me     GET /api/v1/me
  put    PUT /api/v1/declarations/ID?revision=REV with the declaration's own
         JSON (a unit user of its 实施单位; it takes the write lock even when
         nothing changed)

and prints key=value lines: for each GET kind the number of requests, how
many answered 200, how many took 2 s or more, and the largest latency in ms;
for the PUT the count of each status, and of 503 answers with Retry-After;
the import's wall time as the probe saw it.  Only the standard library.
"""
import argparse
import http.client
import os
import threading
import time


def request(port, method, path, headers, body=None):
    """(status, seconds, headers) of one request; status 0 when it failed."""
    t0 = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        resp.read()
        return resp.status, time.monotonic() - t0, dict(resp.getheaders())
    except (OSError, http.client.HTTPException):
        return 0, time.monotonic() - t0, {}
    finally:
        conn.close()


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie has ended: its parent has not waited for it yet
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--cookie", required=True, help="the reader's session cookie")
    ap.add_argument("--put-cookie", required=True, help="the unit user's session cookie")
    ap.add_argument("--csrf", required=True, help="the unit user's CSRF token")
    ap.add_argument("--decl", type=int, default=1)
    ap.add_argument("--rev", type=int, default=1)
    ap.add_argument("--put-json", required=True)
    ap.add_argument("--pid", type=int, required=True, help="the import process")
    ap.add_argument("--every", type=float, default=0.2)
    ap.add_argument("--max", type=float, default=600)
    a = ap.parse_args()

    body = open(a.put_json, "rb").read()
    gets = {"list": "/", "decl": f"/d/{a.decl}", "me": "/api/v1/me"}
    results = {k: [] for k in list(gets) + ["put"]}
    t_start = time.monotonic()
    stop = threading.Event()

    def run(kind):
        while not stop.is_set():
            t0 = time.monotonic()
            if kind == "put":
                st, sec, hdr = request(a.port, "PUT", f"/api/v1/declarations/{a.decl}?revision={a.rev}",
                                       {"Cookie": a.put_cookie, "X-CSRF-Token": a.csrf,
                                        "Content-Type": "application/json"}, body)
                results[kind].append((st, sec, "Retry-After" in hdr))
            else:
                st, sec, _ = request(a.port, "GET", gets[kind], {"Cookie": a.cookie})
                results[kind].append((st, sec, False))
            stop.wait(max(0.0, a.every - (time.monotonic() - t0)))

    threads = [threading.Thread(target=run, args=(k,), daemon=True) for k in results]
    for t in threads:
        t.start()
    while alive(a.pid) and time.monotonic() - t_start < a.max:
        time.sleep(0.05)
    import_s = time.monotonic() - t_start
    stop.set()
    for t in threads:
        t.join(timeout=35)

    print(f"probe_import_s={import_s:.1f}")
    for kind in gets:
        r = results[kind]
        print(f"probe_{kind}_n={len(r)}")
        print(f"probe_{kind}_200={sum(1 for s, _, _ in r if s == 200)}")
        print(f"probe_{kind}_over2s={sum(1 for _, sec, _ in r if sec >= 2)}")
        print(f"probe_{kind}_max_ms={max((sec for _, sec, _ in r), default=0) * 1000:.0f}")
    r = results["put"]
    statuses = sorted({s for s, _, _ in r})
    print(f"probe_put_n={len(r)}")
    print("probe_put_statuses=" + ",".join(f"{s}:{sum(1 for x, _, _ in r if x == s)}" for s in statuses))
    print(f"probe_put_500={sum(1 for s, _, _ in r if s == 500)}")
    print(f"probe_put_503_retry_after={sum(1 for s, _, ra in r if s == 503 and ra)}")
    print(f"probe_put_max_ms={max((sec for _, sec, _ in r), default=0) * 1000:.0f}")


if __name__ == "__main__":
    main()
