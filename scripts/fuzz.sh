#!/usr/bin/env bash
# libFuzzer with AddressSanitizer on dqss's file decoders (the Fuzz/ package).
# Each target runs FUZZ_SECONDS (default 300) from its committed corpus and
# regression files; a crash, a leak, a >1 GiB allocation or a 10 s input stops
# it and leaves the input in Fuzz/.findings/DECODER/ (commit it to
# Fuzz/Regressions/DECODER/ once fixed: `make test` replays that folder).
# Usage: scripts/fuzz.sh [decoder...]   (default: all five)
set -euo pipefail
cd "$(dirname "$0")/../Fuzz"
seconds=${FUZZ_SECONDS:-300}
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(safetensors npy idx onnx snapshot)
# SwiftPM links each executable's entry point as main (--defsym), which clashes
# with the main() inside libFuzzer's full runtime: so ASan plus libFuzzer's
# coverage instrumentation, and its runtime without main; each target's @main
# calls LLVMFuzzerRunDriver.
runtime=$(swift -print-target-info | sed -n 's/.*"runtimeResourcePath": "\(.*\)".*/\1/p')/clang/lib/linux
if [ ! -f "$runtime/libclang_rt.fuzzer_no_main-x86_64.a" ]; then
    echo "dqss: libFuzzer's runtime (libclang_rt.fuzzer_no_main) is not in $runtime; use a Swift toolchain that ships it" >&2
    exit 1
fi
for t in "${targets[@]}"; do
    swift build -c release -Xswiftc -sanitize=address \
        -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table \
        -Xlinker "$runtime/libclang_rt.fuzzer_no_main-x86_64.a" -Xlinker -lstdc++ --product "fuzz-$t"
done
status=0
for t in "${targets[@]}"; do
    work=.build/corpus/$t
    mkdir -p "$work" ".findings/$t"
    cp Corpus/"$t"/* Regressions/"$t"/* "$work"/ 2>/dev/null || true
    echo "fuzz-$t: $seconds s" >&2
    if ! ASAN_OPTIONS=detect_leaks=0 ".build/release/fuzz-$t" "$work" -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=3072 -malloc_limit_mb=1024 -artifact_prefix=".findings/$t/" -print_final_stats=1; then
        echo "fuzz-$t: found a failing input, see Fuzz/.findings/$t/" >&2
        status=1
    fi
done
exit $status
