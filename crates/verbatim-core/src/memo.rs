//! Bounded per-thread memoization of pure functions of a word: name forms,
//! case readings and given-name answers recur from document to document and
//! cost thousands of instructions each. What is kept never changes an
//! output; a table past its bound is emptied and refilled.

use std::cell::RefCell;
use std::thread::LocalKey;

use foldhash::HashMap;

/// Entries a table keeps before it is emptied.
const KEPT: usize = 100_000;

/// A per-thread table: per scope (a lexicon's address, or 0), per word.
pub(crate) type Table<V> = RefCell<HashMap<usize, HashMap<String, V>>>;

/// The value kept for `word` in `scope` of `table`, or `compute()` kept
/// for the next time.
pub(crate) fn kept<V: Clone + 'static>(
    table: &'static LocalKey<Table<V>>,
    scope: usize,
    word: &str,
    compute: impl FnOnce() -> V,
) -> V {
    if let Some(v) = table.with(|t| t.borrow().get(&scope).and_then(|s| s.get(word)).cloned()) {
        return v;
    }
    // Computed outside the borrow: `compute` may consult another table, or
    // this one for another word.
    let v = compute();
    table.with(|t| {
        let mut t = t.borrow_mut();
        let scoped = t.entry(scope).or_default();
        if scoped.len() >= KEPT {
            scoped.clear();
        }
        scoped.insert(word.to_string(), v.clone());
    });
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static LENGTHS: Table<usize> = RefCell::new(HashMap::default());
    }

    #[test]
    fn computes_once_per_scope_and_word() {
        let mut calls = 0;
        assert_eq!(
            kept(&LENGTHS, 1, "abc", || {
                calls += 1;
                3
            }),
            3
        );
        assert_eq!(
            kept(&LENGTHS, 1, "abc", || {
                calls += 1;
                0
            }),
            3
        );
        assert_eq!(
            kept(&LENGTHS, 2, "abc", || {
                calls += 1;
                30
            }),
            30
        );
        assert_eq!(calls, 2);
    }
}
