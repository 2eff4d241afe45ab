/* fuzz_csv.c -- libFuzzer target: bytes through data_read(DATA_CSV) with the
 * schema of rules/2558/public-service.award.  See fuzz_data.h. */
#define FUZZ_DATA_FORMAT DATA_CSV
#define FUZZ_CSV_DIFF 1
#include "fuzz_data.h"
