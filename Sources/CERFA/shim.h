// ERFA: erfa.h does not include erfam.h, where the constants live.
#include <erfa.h>
#include <erfam.h>
