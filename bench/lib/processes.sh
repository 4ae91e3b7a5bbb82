# Process helpers shared by the bench scripts: find a process tree by one /proc scan (no name
# matching) and signal exactly the processes a script started. Source it; needs bash 4.

# Fills KIDS (parent pid -> child pids) from one scan of /proc; no name matching.
declare -A KIDS
scan_processes() {
  local f line rest pid fields
  KIDS=()
  for f in /proc/[0-9]*/stat; do
    { read -r line <"$f"; } 2>/dev/null || continue
    rest="${line##*) }"                  # fields after "pid (comm) ": state ppid ...
    read -r -a fields <<<"$rest"
    pid="${f#/proc/}"; pid="${pid%/stat}"
    KIDS[${fields[1]}]+=" $pid"
  done
}

# Sends a signal to pid $1 and all its descendants, as found by the last scan_processes.
signal_tree() {
  local pid="$1" sig="$2" kid
  for kid in ${KIDS[$pid]:-}; do
    signal_tree "$kid" "$sig"
  done
  kill "-$sig" "$pid" 2>/dev/null || true
}

alive() { kill -0 "$1" 2>/dev/null; }
