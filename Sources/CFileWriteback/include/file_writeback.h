#ifndef SEMBLANCE_FILE_WRITEBACK_H
#define SEMBLANCE_FILE_WRITEBACK_H

/// Asks the kernel to start writing the dirty pages of `length` bytes of the open file from
/// `offset` (0 for both: the whole file) to disk, without waiting for them (Linux's
/// sync_file_range with SYNC_FILE_RANGE_WRITE). Not a durability step: a later fsync still
/// is. It spreads a long write's disk traffic over the run, so that fsync has little left.
/// Returns 0, or -1 with errno set.
int semblance_start_writeback(int descriptor, long long offset, long long length);

#endif
