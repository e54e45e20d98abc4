#!/bin/sh
# need-debs.sh: installs the Debian packages named that are missing, or says how.
missing=""
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo="sudo"
else
	echo "herald needs Debian packages: run: sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "installing Debian packages:$missing" >&2
$sudo apt-get install -y -q$missing >/dev/null 2>&1 ||
	{ $sudo apt-get update -q >/dev/null 2>&1 &&
	  $sudo apt-get install -y -q$missing >/dev/null; } ||
	{ echo "herald: could not install; run: sudo apt-get install -y$missing" >&2; exit 1; }
