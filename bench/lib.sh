# bench/lib.sh: what the web parts of the bench share (bench/http.sh,
# bench/writers.sh).  Sourced after the script sets tmp (its scratch folder,
# removed at exit) and NAME (for messages).
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

# free_port: a free TCP port on 127.0.0.1
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# wait_port PORT: until a server answers there (10 s at most, else exit 1)
wait_port() {
	for _ in $(seq 1 200); do
		curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0
		sleep 0.05
	done
	echo "$NAME: nothing listens on port $1" >&2
	exit 1
}
