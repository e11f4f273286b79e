// Collects the calls made in one turn of the event loop into one batch (one
// statement instead of one per call): many concurrent requests or jobs then
// share a database round trip. DataLoader gives each caller its own result or
// error, and fails a batch whose function returns a wrong number of results.
import DataLoader from 'dataloader';

/** Batches of up to 200 calls, run after the turn's I/O (setImmediate); nothing cached: each call reads afresh. */
export function batchLoader<K, V>(load: DataLoader.BatchLoadFn<K, V>): DataLoader<K, V> {
  return new DataLoader(load, { cache: false, maxBatchSize: 200, batchScheduleFn: (run) => setImmediate(run) });
}
