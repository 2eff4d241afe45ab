/* fuzz_json.c -- libFuzzer target: bytes through data_read(DATA_JSON) with the
 * schema of rules/2558/public-service.award.  See fuzz_data.h. */
#define FUZZ_DATA_FORMAT DATA_JSON
#include "fuzz_data.h"
