package dev.tributary.triton.server;

/** Nanoseconds spent preparing inputs, running the model and extracting outputs in one run. */
record RunTimings(long inputNs, long inferNs, long outputNs) {}
