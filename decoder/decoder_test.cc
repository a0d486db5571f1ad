#include "decoder/decoder.h"
#include "gtest/gtest.h"
