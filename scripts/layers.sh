#!/bin/sh
# layers.sh: checks who includes whom in src/ (docs/store.md, "Layers").
#
#   scripts/layers.sh [ROOT]     ROOT defaults to the repository's src/
#
# Each directory may include only the directories of its row below; a
# database client header (sqlite3.h, libpq-fe.h) only in src/store/; the
# engine interface and the store's own head (engine.h, store_core.h) only in
# src/store/; and an engine (a file of src/store/ that includes a database
# header) nothing of the store but engine.h, its own .def files and src/util/.
# Prints one line per broken rule, "FILE:LINE: what", and exits 1 when any.
root=${1:-$(dirname "$0")/../src}
cd "$root" || exit 2

find . -name '*.[ch]' | sort | awk '
BEGIN {
	allowed["util"]    = "util"
	allowed["model"]   = "model util"
	allowed["parse"]   = "parse model score util"
	allowed["score"]   = "score model parse util"
	allowed["review"]  = "review model parse score util"
	allowed["render"]  = "render model parse review score util"
	allowed["store"]   = "store model parse util"
	allowed["service"] = "service store model parse review render score util"
	allowed["cli"]     = "cli http service store model parse review render score util"
	allowed["http"]    = "http service store model parse review render score util"
	dbh["sqlite3.h"] = dbh["sqlite3ext.h"] = dbh["libpq-fe.h"] = 1
	bad = 0
}
function complain(file, line, what) {
	printf "src/%s:%d: %s\n", substr(file, 3), line, what
	bad = 1
}
{
	file = $0
	split(substr(file, 3), parts, "/")
	dir = parts[1]
	n = 0
	engine = 0
	while ((getline text < file) > 0) {
		n++
		if (text !~ /^[ \t]*#[ \t]*include/)
			continue
		inc[n] = text
		if (match(text, /<[^>]*>/)) {
			h = substr(text, RSTART + 1, RLENGTH - 2)
			if (h in dbh) {
				if (dir != "store")
					complain(file, n, "includes <" h "> outside src/store/")
				else
					engine = 1
			}
		}
	}
	close(file)
	for (k = 1; k <= n; k++) {
		if (!(k in inc))
			continue
		text = inc[k]
		if (!match(text, /"[^"]*"/))
			continue
		h = substr(text, RSTART + 1, RLENGTH - 2)
		m = split(h, hp, "/")
		to = m == 1 ? dir : hp[m - 1]
		base = hp[m]
		if (!(dir in allowed))
			complain(file, k, "is in a directory without a row in scripts/layers.sh")
		else if (index(" " allowed[dir] " ", " " to " ") == 0)
			complain(file, k, "src/" dir "/ includes src/" to "/ (" h ")")
		else if (to == "store" && dir != "store" && (base == "engine.h" || base == "store_core.h"))
			complain(file, k, "includes the store'"'"'s private " base " outside src/store/")
		else if (engine && to != "util" && base != "engine.h" && base !~ /\.def$/)
			complain(file, k, "an engine includes " h ": only engine.h, its .def files and src/util/")
	}
	delete inc
}
END { exit bad }
'
