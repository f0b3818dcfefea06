//! Repeated texts are encoded once per run: chats repeat themselves ("ok", "haha", "lol",
//! "👍"), and the encoder is nearly all of the bert scorer's time. The cache maps a text's
//! word-piece ids (exactly what the encoder sees, after the tokenizer's lowercasing and accent
//! stripping) to the head's dot product with the text's embedding, the only part of the score
//! the encoder decides. Keys are exact, never hashed, so a hit returns the very value the
//! encoder would compute: the encoder's output for a text does not depend on the other texts
//! in its batch (tests/bert.rs checks both, bit for bit).
//!
//! The cache lives as long as the scorer, so repeats across conversations in one batch run
//! are found too. It stops growing at a memory budget (keys and values together); texts past
//! that are encoded every time, with the same result.

use std::collections::HashMap;
use std::sync::Mutex;

/// Default memory budget of the cache in bytes (about half a million chat-length texts).
pub const DEFAULT_BUDGET: usize = 64 << 20;

/// Bytes a cached entry costs beyond its key's ids: the value, the boxed slice's pointer and
/// length, and the hash table's control byte and slack.
const ENTRY_OVERHEAD: usize = 40;

/// Word-piece ids → the head's embedding dot product, with a memory budget.
pub struct EncodedCache {
    state: Mutex<State>,
    budget: usize,
}

#[derive(Default)]
struct State {
    values: HashMap<Box<[u32]>, f32>,
    bytes: usize,
    hits: u64,
    misses: u64,
}

/// How often the cache answered, for benchmarks and logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheStats {
    /// Texts answered from the cache or from an identical text earlier in the same call.
    pub hits: u64,
    /// Texts the encoder ran on.
    pub misses: u64,
    /// Distinct texts stored.
    pub entries: usize,
}

impl EncodedCache {
    /// An empty cache that stops storing new texts at `budget` bytes.
    pub fn new(budget: usize) -> Self {
        EncodedCache {
            state: Mutex::new(State::default()),
            budget,
        }
    }

    /// One value per row of `ids`, in order: from the cache, or from `compute`, which gets
    /// each distinct missing id sequence once and returns one value per sequence, in order.
    /// `compute` runs without the cache locked, so other threads keep reading it meanwhile.
    pub fn values<E>(
        &self,
        ids: &[Vec<i64>],
        compute: impl FnOnce(&[&[i64]]) -> Result<Vec<f32>, E>,
    ) -> Result<Vec<f32>, E> {
        let keys: Vec<Box<[u32]>> = ids.iter().map(|row| key(row)).collect();
        let mut out = vec![0.0f32; ids.len()];
        // Rows the cache cannot answer, grouped by distinct key: (first row, all rows).
        let mut missing: HashMap<&[u32], usize> = HashMap::new();
        let mut groups: Vec<Vec<usize>> = Vec::new();
        {
            let state = self.lock();
            for (i, k) in keys.iter().enumerate() {
                if let Some(&v) = state.values.get(k) {
                    out[i] = v;
                } else {
                    let group = *missing.entry(k).or_insert_with(|| {
                        groups.push(Vec::new());
                        groups.len() - 1
                    });
                    groups[group].push(i);
                }
            }
        }
        let firsts: Vec<usize> = groups.iter().map(|g| g[0]).collect();
        let computed = if firsts.is_empty() {
            Vec::new()
        } else {
            let rows: Vec<&[i64]> = firsts.iter().map(|&i| ids[i].as_slice()).collect();
            compute(&rows)?
        };
        let mut state = self.lock();
        state.misses += firsts.len() as u64;
        state.hits += (ids.len() - firsts.len()) as u64;
        for (group, &value) in groups.iter().zip(&computed) {
            for &i in group {
                out[i] = value;
            }
            let k = &keys[group[0]];
            let cost = k.len() * 4 + ENTRY_OVERHEAD;
            if state.bytes + cost <= self.budget && !state.values.contains_key(k) {
                state.bytes += cost;
                state.values.insert(k.clone(), value);
            }
        }
        Ok(out)
    }

    /// Hits, misses and entries so far.
    pub fn stats(&self) -> CacheStats {
        let state = self.lock();
        CacheStats {
            hits: state.hits,
            misses: state.misses,
            entries: state.values.len(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // The state stays consistent even if a holder panicked (every update is one step).
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The cache key of one text: its word-piece ids (vocabulary ids fit in 32 bits).
fn key(ids: &[i64]) -> Box<[u32]> {
    ids.iter().map(|&id| id as u32).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(rows: &[&[i64]]) -> Vec<Vec<i64>> {
        rows.iter().map(|r| r.to_vec()).collect()
    }

    #[test]
    fn repeats_are_computed_once_and_answered_in_order() {
        let cache = EncodedCache::new(DEFAULT_BUDGET);
        let rows = ids(&[&[101, 7, 102], &[101, 8, 102], &[101, 7, 102]]);
        let mut seen = Vec::new();
        let out = cache
            .values::<()>(&rows, |missing| {
                seen.extend(missing.iter().map(|m| m.to_vec()));
                Ok(missing.iter().map(|m| m[1] as f32).collect())
            })
            .unwrap();
        assert_eq!(out, vec![7.0, 8.0, 7.0]);
        assert_eq!(seen, ids(&[&[101, 7, 102], &[101, 8, 102]]));
        // A second call finds both in the cache and computes nothing.
        let again = cache
            .values::<()>(&rows, |missing| {
                assert!(missing.is_empty(), "recomputed {missing:?}");
                Ok(Vec::new())
            })
            .unwrap();
        assert_eq!(again, out);
        let stats = cache.stats();
        assert_eq!((stats.hits, stats.misses, stats.entries), (4, 2, 2));
    }

    #[test]
    fn a_full_cache_still_answers_by_computing() {
        let cache = EncodedCache::new(0);
        let rows = ids(&[&[101, 5, 102], &[101, 5, 102]]);
        for _ in 0..2 {
            let out = cache
                .values::<()>(&rows, |missing| {
                    assert_eq!(missing.len(), 1, "one distinct text per call");
                    Ok(vec![5.0])
                })
                .unwrap();
            assert_eq!(out, vec![5.0, 5.0]);
        }
        assert_eq!(cache.stats().entries, 0);
    }

    #[test]
    fn errors_pass_through_and_store_nothing() {
        let cache = EncodedCache::new(DEFAULT_BUDGET);
        let rows = ids(&[&[101, 9, 102]]);
        let err = cache.values(&rows, |_| Err("forward pass failed"));
        assert_eq!(err, Err("forward pass failed"));
        assert_eq!(cache.stats().entries, 0);
    }
}
