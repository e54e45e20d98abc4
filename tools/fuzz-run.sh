#!/bin/sh
# fuzz-run.sh SECONDS TARGET...: runs each fuzz target for SECONDS, one at a
# time, from its seed corpus; prints executions and any crash, hang or leak.
# New inputs go to build/fuzz/found/TARGET, failures to build/fuzz/crashes/.
secs=$1
shift
status=0
for t in "$@"; do
	bin=build/fuzz/bin/$t
	found=build/fuzz/found/$t
	crashes=build/fuzz/crashes/$t
	log=build/fuzz/$t.log
	mkdir -p "$found" "$crashes"
	dict=""
	[ -f "fuzz/$t.dict" ] && dict="-dict=fuzz/$t.dict"
	printf 'fuzz %s: %s s... ' "$t" "$secs"
	"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix="$crashes/" $dict \
	    "$found" "build/fuzz/corpus/$t" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	[ -n "$execs" ] || execs=$(sed -n 's/.*Done \([0-9]*\) runs.*/\1/p' "$log")
	if [ $rc -eq 0 ]; then
		echo "${execs:-?} executions, nothing found"
	else
		status=1
		echo "FAILED (exit $rc) after ${execs:-?} executions; see $log"
		grep -E '^==[0-9]+==ERROR|runtime error|^SUMMARY|ALARM|out-of-memory|deadly signal|^artifact_prefix|Test unit written' "$log" | head -20
	fi
done
exit $status
