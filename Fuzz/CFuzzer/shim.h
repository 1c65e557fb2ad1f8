// libFuzzer's driver entry point (in the fuzzer runtime that
// `-sanitize=fuzzer` links): parses libFuzzer's flags from argv and runs the
// callback on every input.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
