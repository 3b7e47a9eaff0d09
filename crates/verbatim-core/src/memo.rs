//! Bounded per-thread memoization of pure functions of a word: name forms,
//! case readings and given-name answers recur from document to document and
//! cost thousands of instructions each. What is kept never changes an
//! output; a table past its bound is emptied and refilled.

use std::cell::RefCell;
use std::thread::LocalKey;

use foldhash::HashMap;

/// Entries a table keeps before it is emptied.
const KEPT: usize = 100_000;

/// A per-thread table: per scope (a lexicon's address, or 0; a handful,
/// found by a scan rather than a hash), per word.
pub(crate) type Table<V> = RefCell<Vec<(usize, HashMap<String, V>)>>;

/// The value kept for `word` in `scope` of `table`, or `compute()` kept
/// for the next time.
pub(crate) fn kept<V: Clone + 'static>(
    table: &'static LocalKey<Table<V>>,
    scope: usize,
    word: &str,
    compute: impl FnOnce() -> V,
) -> V {
    let found = table.with(|t| {
        t.borrow()
            .iter()
            .find(|(s, _)| *s == scope)
            .and_then(|(_, words)| words.get(word).cloned())
    });
    if let Some(v) = found {
        return v;
    }
    // Computed outside the borrow: `compute` may consult another table, or
    // this one for another word.
    let v = compute();
    table.with(|t| {
        let mut t = t.borrow_mut();
        let at = match t.iter().position(|(s, _)| *s == scope) {
            Some(at) => at,
            None => {
                t.push((scope, HashMap::default()));
                t.len() - 1
            }
        };
        let scoped = &mut t[at].1;
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
        static LENGTHS: Table<usize> = const { RefCell::new(Vec::new()) };
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
