#!/usr/bin/env bash
# Builds the codec fuzz harness (PxeHost.Fuzz) and runs each target for a bounded time.
#   tests/fuzz/run.sh [SECONDS_PER_TARGET] [TARGET ...]     default: 45 s each, every target
# Targets: dhcp, pxe-vendor, tftp, tftp-negotiate, config, iso (xorriso builds its seed images). The corpus is written from the golden
# DHCP captures and the harness's built-in seeds into tests/fuzz/corpus/TARGET (not committed).
# Mode, the first that is available (FUZZ_MODE=libfuzzer|afl|mutation chooses):
#   libfuzzer  `libfuzzer-dotnet` and the `sharpfuzz` instrumenter on the PATH: coverage-guided libFuzzer
#   afl        `afl-fuzz` (Debian: afl++) and `sharpfuzz` (dotnet tool SharpFuzz.CommandLine): coverage-guided AFL
#   mutation   neither: the harness's own seeded mutation loop, same targets, no instrumentation
# (AFL_SKIP_BIN_CHECK: the program afl-fuzz starts is dotnet; the instrumentation is in the rewritten assemblies.)
# Either way each exception other than a codec's documented parse failure is a finding, saved under
# tests/fuzz/findings/. Exit status: 0 when no target found anything.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
seconds="${1:-45}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(dhcp pxe-vendor tftp tftp-negotiate config iso)
out="$here/bin"
findings="$here/findings"

mode="${FUZZ_MODE:-}"
if [ -z "$mode" ]; then
  mode=mutation
  if command -v sharpfuzz >/dev/null; then
    if command -v libfuzzer-dotnet >/dev/null; then mode=libfuzzer; elif command -v afl-fuzz >/dev/null; then mode=afl; fi
  fi
fi

echo "run.sh: building the harness (Release) into $out"
rm -rf "$out"
dotnet publish "$here/PxeHost.Fuzz/PxeHost.Fuzz.csproj" -c Release -o "$out" -v quiet -nologo || { echo "run.sh: build failed"; exit 2; }
# The corpus first: an instrumented assembly runs only under the fuzzer that set up its coverage map.
for target in "${targets[@]}"; do
  dotnet "$out/PxeHost.Fuzz.dll" seeds "$target" "$here/corpus/$target" || exit 2
done
if [ "$mode" != mutation ]; then
  for assembly in PxeHost.Protocol.dll PxeHost.dll; do
    sharpfuzz "$out/$assembly" || { echo "run.sh: sharpfuzz could not instrument $assembly"; exit 2; }
  done
fi
echo "run.sh: mode $mode, $seconds s per target: ${targets[*]}"

status=0
for target in "${targets[@]}"; do
  corpus="$here/corpus/$target"
  mkdir -p "$findings"
  case "$mode" in
    libfuzzer)
      libfuzzer-dotnet --target_path="$out/PxeHost.Fuzz" --target_arg="libfuzzer $target" \
        -max_total_time="$seconds" -artifact_prefix="$findings/$target-" "$corpus" || status=1
      ;;
    afl)
      rm -rf "$findings/afl-$target"
      AFL_SKIP_CPUFREQ=1 AFL_SKIP_BIN_CHECK=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 \
        afl-fuzz -V "$seconds" -i "$corpus" -o "$findings/afl-$target" -t 10000 -m none -- dotnet "$out/PxeHost.Fuzz.dll" afl "$target" \
        | sed 's/\x1b\[[0-9;]*m//g' | grep -E "^\[[+!-]\]|Statistics" | tail -5
      crashes=$(find "$findings/afl-$target" -path '*crashes/id:*' 2>/dev/null | wc -l)
      stats=$(find "$findings/afl-$target" -name fuzzer_stats | head -1)
      echo "$target: afl $(grep -E '^(execs_done|corpus_count|saved_crashes|saved_hangs)' "$stats" 2>/dev/null | tr -s ' ' | tr '\n' ' ')"
      [ "$crashes" -eq 0 ] || { echo "$target: $crashes crashing inputs in $findings/afl-$target"; status=1; }
      ;;
    *)
      dotnet "$out/PxeHost.Fuzz.dll" run "$target" --seconds "$seconds" --seed "${FUZZ_SEED:-$RANDOM}" --findings "$findings" || status=1
      ;;
  esac
done
exit "$status"
