#!/usr/bin/env python3
"""writers.py: concurrent web writers, each saving edits to its own declaration.

    writers.py --port P --clients N --seconds S CLIENTS.tsv

CLIENTS.tsv has one line per client: session cookie, CSRF token, declaration
id (tab-separated); the first N are used.  Each client thread keeps one
connection, reads its declaration once (GET /api/v1/declarations/ID), then
for S seconds PUTs it back with the annual goal changed (a counter appended)
on the revision it last got (?revision=REV), timing each PUT.  A 409 (someone
else changed it) reads the declaration again.  Prints key=value lines:
clients, puts, rps, p50_ms, p99_ms, max_ms, and status_NNN counts.
"""
import argparse
import http.client
import json
import threading
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--clients", type=int, required=True)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("tsv")
    a = ap.parse_args()
    rows = [line.rstrip("\n").split("\t") for line in open(a.tsv, encoding="utf-8") if line.strip()]
    if len(rows) < a.clients:
        raise SystemExit(f"writers.py: {a.tsv} has {len(rows)} clients, {a.clients} asked")
    lock = threading.Lock()
    times, statuses = [], {}
    start = threading.Barrier(a.clients + 1)
    stop_at = [0.0]

    def client(cookie, csrf, decl):
        conn = http.client.HTTPConnection("127.0.0.1", a.port, timeout=30)
        hdr = {"Cookie": f"jx_session={cookie}", "X-CSRF-Token": csrf}

        def fetch():
            conn.request("GET", f"/api/v1/declarations/{decl}", headers=hdr)
            r = conn.getresponse()
            body = r.read()
            if r.status != 200:
                raise SystemExit(f"writers.py: GET {decl}: {r.status}")
            d = json.loads(body)
            return d, d["revision"]

        d, rev = fetch()
        goal = d.get("annual_goal") or ""
        mine, mine_st, n = [], {}, 0
        start.wait()
        while time.monotonic() < stop_at[0]:
            n += 1
            d["annual_goal"] = f"{goal}（第{n}次修改）"
            body = json.dumps(d, ensure_ascii=False).encode()
            t0 = time.monotonic()
            conn.request("PUT", f"/api/v1/declarations/{decl}?revision={rev}", body=body,
                         headers={**hdr, "Content-Type": "application/json"})
            r = conn.getresponse()
            out = r.read()
            mine.append(time.monotonic() - t0)
            mine_st[r.status] = mine_st.get(r.status, 0) + 1
            if r.status == 200:
                rev = json.loads(out)["revision"]
            elif r.status == 409:
                d, rev = fetch()
            if r.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", a.port, timeout=30)
        with lock:
            times.extend(mine)
            for k, v in mine_st.items():
                statuses[k] = statuses.get(k, 0) + v

    threads = [threading.Thread(target=client, args=rows[i][:3]) for i in range(a.clients)]
    for t in threads:
        t.start()
    stop_at[0] = time.monotonic() + 3600
    start.wait()
    t_start = time.monotonic()
    stop_at[0] = t_start + a.seconds
    for t in threads:
        t.join()
    elapsed = time.monotonic() - t_start
    times.sort()

    def pct(p):
        return times[min(len(times) - 1, int(len(times) * p))] * 1000 if times else 0

    print(f"clients={a.clients}")
    print(f"puts={len(times)}")
    print(f"rps={len(times) / elapsed:.0f}")
    print(f"p50_ms={pct(0.50):.1f}")
    print(f"p99_ms={pct(0.99):.1f}")
    print(f"max_ms={(times[-1] * 1000 if times else 0):.1f}")
    for k in sorted(statuses):
        print(f"status_{k}={statuses[k]}")


if __name__ == "__main__":
    main()
