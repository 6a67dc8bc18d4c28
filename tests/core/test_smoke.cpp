#include <gtest/gtest.h>
#include "attn/attention.hpp"
TEST(Smoke, Builds) { attn::Mat q = attn::Mat::Ones(2,3); attn::AttentionResult r; attn::attention(q,q,q,{},r); EXPECT_EQ(r.output.rows(), 2); }
