#include "sparse_hkl.h"

#include <stdlib.h>

/* (h, k, l) packed into 63 bits, 21 per index, offset by 2^20 so that every part is >= 0. */
static long long pack(int h, int k, int l) {
    const long long off = 1LL << 20;
    return (((long long)h + off) << 42) | (((long long)k + off) << 21) | ((long long)l + off);
}

static size_t slot_of(const nbref_sparse_hkl* t, long long key) {
    /* Fibonacci hashing: multiply by 2^64 / golden ratio, keep the high bits via the mask */
    unsigned long long x = (unsigned long long)key * 0x9E3779B97F4A7C15ULL;
    return (size_t)(x >> 20) & t->mask;
}

static size_t slots_for(double n) {
    size_t slots = 16;
    while ((double)slots < 2.0 * n)
        slots *= 2;
    return slots;
}

double nbref_sparse_bytes(double n) {
    return (double)slots_for(n) * (sizeof(long long) + sizeof(double));
}

int nbref_sparse_init(nbref_sparse_hkl* t, size_t n) {
    size_t slots = slots_for((double)n), i;
    t->keys = (long long*)malloc(slots * sizeof(long long));
    t->values = (double*)malloc(slots * sizeof(double));
    t->mask = slots - 1;
    t->count = 0;
    if (!t->keys || !t->values) {
        nbref_sparse_free(t);
        return 0;
    }
    for (i = 0; i < slots; ++i)
        t->keys[i] = -1;
    return 1;
}

void nbref_sparse_free(nbref_sparse_hkl* t) {
    free(t->keys);
    free(t->values);
    t->keys = NULL;
    t->values = NULL;
    t->mask = 0;
    t->count = 0;
}

void nbref_sparse_put(nbref_sparse_hkl* t, int h, int k, int l, double F) {
    long long key = pack(h, k, l);
    size_t i = slot_of(t, key);
    while (t->keys[i] != -1 && t->keys[i] != key)
        i = (i + 1) & t->mask;
    if (t->keys[i] == -1) {
        t->keys[i] = key;
        ++t->count;
    }
    t->values[i] = F;
}

double nbref_sparse_get(const nbref_sparse_hkl* t, int h, int k, int l, double otherwise) {
    long long key = pack(h, k, l);
    size_t i = slot_of(t, key);
    while (t->keys[i] != -1) {
        if (t->keys[i] == key)
            return t->values[i];
        i = (i + 1) & t->mask;
    }
    return otherwise;
}
