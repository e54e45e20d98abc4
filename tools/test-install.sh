#!/bin/sh
# test-install.sh: lints the manual pages with mandoc, checks they name every command and
# option herald has, and that make install / make uninstall put in and take out exactly
# bin/herald and the two pages.  Run from the top of the source tree: make test-man.
MAKE=${MAKE:-make}
HERALD=${HERALD:-bin/herald}
pass=0
fail=0
ok() { pass=$((pass + 1)); [ -n "$VERBOSE" ] && echo "ok: $1"; return 0; }
bad() { fail=$((fail + 1)); echo "FAIL: $1"; }
check() { # check DESCRIPTION COMMAND...: passes when the command succeeds
	what=$1
	shift
	if "$@"; then ok "$what"; else bad "$what"; fi
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/herald-install.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# The pages are clean under mandoc's linter, at warning level and above.
for page in man/herald.1 man/herald.5; do
	out=$(mandoc -Tlint -W warning "$page" 2>&1)
	if [ $? -eq 0 ] && [ -z "$out" ]; then
		ok "mandoc -Tlint $page"
	else
		bad "mandoc -Tlint $page:"
		printf '%s\n' "$out"
	fi
	# And they render to text without a message.
	check "mandoc -Tutf8 $page renders" sh -c \
	    "mandoc -Tutf8 '$page' 2>'$tmp/err' >'$tmp/out' && [ -s '$tmp/out' ] && [ ! -s '$tmp/err' ]"
done

# herald.1 names every command of herald --help and every option of COMMAND --help.
cmds=$("$HERALD" --help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p')
check "herald --help lists commands" [ -n "$cmds" ]
for c in $cmds; do
	check "herald.1 describes the command $c" grep -q "^\.Cm $c\$" man/herald.1
	for o in $("$HERALD" "$c" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		check "herald.1 describes $c $o" grep -q -- "Fl \\\\${o#-}" man/herald.1
	done
	for o in $("$HERALD" "$c" --help | grep -o -- ' -[a-z],\? ' | tr -d ' ,' | sort -u); do
		check "herald.1 describes $c $o" grep -q -- "Fl ${o#-}\\( \\|\$\\)" man/herald.1
	done
done
# herald.5 names every field of the example site.yaml.
for f in $(sed -n 's/^\([a-z_][a-z_]*\):.*/\1/p' site.yaml); do
	check "herald.5 describes site.yaml's $f" grep -q "^\.It Cm $f" man/herald.5
done

# make install with DESTDIR and PREFIX puts in exactly the three files, with their modes.
dest="$tmp/dest"
if $MAKE -s install DESTDIR="$dest" PREFIX=/usr >"$tmp/log" 2>&1; then
	ok "make install DESTDIR PREFIX=/usr"
else
	bad "make install DESTDIR PREFIX=/usr:"
	cat "$tmp/log"
fi
for f in bin/herald:755 share/man/man1/herald.1:644 share/man/man5/herald.5:644; do
	file=$dest/usr/${f%:*}
	mode=${f#*:}
	check "installed /usr/${f%:*}" [ -f "$file" ]
	check "/usr/${f%:*} has mode $mode" [ "$(stat -c %a "$file" 2>/dev/null)" = "$mode" ]
done
check "installed exactly three files" [ "$(find "$dest" ! -type d | wc -l)" -eq 3 ]
check "the installed man pages are the sources" sh -c \
    "cmp -s man/herald.1 '$dest/usr/share/man/man1/herald.1' && cmp -s man/herald.5 '$dest/usr/share/man/man5/herald.5'"
check "the installed herald runs" sh -c "'$dest/usr/bin/herald' --version | grep -q '^herald '"
if command -v man >/dev/null 2>&1; then
	check "man finds the installed page" sh -c \
	    "MANPATH='$dest/usr/share/man' man -w herald 2>/dev/null | grep -q '$dest/usr/share/man/man1/herald.1'"
fi

# make uninstall with the same DESTDIR and PREFIX takes them out again.
if $MAKE -s uninstall DESTDIR="$dest" PREFIX=/usr >"$tmp/log" 2>&1; then
	ok "make uninstall DESTDIR PREFIX=/usr"
else
	bad "make uninstall DESTDIR PREFIX=/usr:"
	cat "$tmp/log"
fi
check "uninstall left no file" [ "$(find "$dest" ! -type d | wc -l)" -eq 0 ]
check "uninstall twice is fine" $MAKE -s uninstall DESTDIR="$dest" PREFIX=/usr

# PREFIX defaults to /usr/local.
check "PREFIX defaults to /usr/local" sh -c \
    "$MAKE -s -n install DESTDIR=/nowhere | grep -q '/nowhere/usr/local/bin/herald'"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
