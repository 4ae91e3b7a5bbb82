#!/usr/bin/env bash
# Builds the codec fuzz harness (PxeHost.Fuzz) and runs each target for a bounded time.
#   tests/fuzz/run.sh [SECONDS_PER_TARGET] [TARGET ...]     default: 45 s each, every target
# Targets: dhcp, pxe-vendor, tftp, tftp-negotiate, config. The corpus is written from the golden
# DHCP captures and the harness's built-in seeds into tests/fuzz/corpus/TARGET (not committed).
# Mode: with `libfuzzer-dotnet` and the `sharpfuzz` instrumenter on the PATH, the protocol and server
# assemblies are instrumented and libFuzzer drives the targets (coverage-guided). Without them, the
# harness's own seeded mutation loop runs the same targets without instrumentation. Either way each
# exception other than a codec's documented parse failure is a finding, saved under
# tests/fuzz/findings/. Exit status: 0 when no target found anything.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
seconds="${1:-45}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(dhcp pxe-vendor tftp tftp-negotiate config)
out="$here/bin"
findings="$here/findings"

echo "run.sh: building the harness (Release) into $out"
dotnet publish "$here/PxeHost.Fuzz/PxeHost.Fuzz.csproj" -c Release -o "$out" -v quiet -nologo || { echo "run.sh: build failed"; exit 2; }

mode=mutation
if command -v libfuzzer-dotnet >/dev/null && command -v sharpfuzz >/dev/null; then
  mode=libfuzzer
  for assembly in PxeHost.Protocol.dll PxeHost.dll; do
    sharpfuzz "$out/$assembly" || { echo "run.sh: sharpfuzz could not instrument $assembly"; exit 2; }
  done
fi
echo "run.sh: mode $mode, $seconds s per target: ${targets[*]}"

status=0
for target in "${targets[@]}"; do
  corpus="$here/corpus/$target"
  dotnet "$out/PxeHost.Fuzz.dll" seeds "$target" "$corpus" || exit 2
  if [ "$mode" = libfuzzer ]; then
    mkdir -p "$findings"
    libfuzzer-dotnet --target_path="$out/PxeHost.Fuzz" --target_arg="libfuzzer $target" \
      -max_total_time="$seconds" -artifact_prefix="$findings/$target-" "$corpus" || status=1
  else
    dotnet "$out/PxeHost.Fuzz.dll" run "$target" --seconds "$seconds" --seed "${FUZZ_SEED:-$RANDOM}" --findings "$findings" || status=1
  fi
done
exit "$status"
