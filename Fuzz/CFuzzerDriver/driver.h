// libFuzzer's driver entry point (provided by -sanitize=fuzzer). SwiftPM links executables
// with its own main, so the fuzz target calls the driver itself.
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
