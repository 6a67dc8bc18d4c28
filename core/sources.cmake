# core/sources.cmake — the one list of the core's source files, included by the root
# CMakeLists.txt and by fuzz/CMakeLists.txt so both always build the same core.
# Listed explicitly (no glob): a file joins every build when it is added here.
set(ATTN_CORE_SOURCE_NAMES types softmax mask attention additive multihead positional rnn simd
                           kernels hard_attention statistics tasks adam gru seq2seq
                           transformer transformer_trainer transformer_lab)
set(ATTN_CORE_SOURCE_FILES ${ATTN_CORE_SOURCE_NAMES})
list(TRANSFORM ATTN_CORE_SOURCE_FILES PREPEND ${CMAKE_CURRENT_LIST_DIR}/src/)
list(TRANSFORM ATTN_CORE_SOURCE_FILES APPEND .cpp)
