//! A set of words with a bit filter in front: the parser asks word lists
//! (titles, role nouns, prepositions, particles...) about nearly every
//! capitalized word, and nearly every answer is no. The filter, indexed by
//! a word's length and a few of its bytes, settles most of those without
//! hashing the word.

use foldhash::HashSet;

/// Bits of the filter (a power of two).
const FILTER_BITS: usize = 1 << 14;

/// A set of words; see the module docs.
#[derive(Clone)]
pub(crate) struct WordSet {
    words: HashSet<String>,
    filter: Box<[u64]>,
}

impl Default for WordSet {
    fn default() -> Self {
        WordSet {
            words: HashSet::default(),
            filter: vec![0; FILTER_BITS / 64].into_boxed_slice(),
        }
    }
}

impl std::fmt::Debug for WordSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(&self.words).finish()
    }
}

/// The filter bit of a word: its length, first two, middle and last bytes
/// (two-byte scripts share first bytes), mixed.
#[inline]
fn filter_bit(word: &[u8]) -> usize {
    let n = word.len();
    let Some(&last) = word.last() else {
        return 0;
    };
    let byte = |i: usize| u32::from(word[i]);
    let mixed = (n as u32).wrapping_mul(0x9E37_79B9)
        ^ byte(0).wrapping_mul(0x85EB_CA6B)
        ^ byte(1.min(n - 1)).wrapping_mul(0xC2B2_AE35)
        ^ byte(n / 2).wrapping_mul(0x27D4_EB2F)
        ^ u32::from(last).wrapping_mul(0x1656_67B1);
    (mixed.wrapping_mul(0x9E37_79B9) >> 18) as usize % FILTER_BITS
}

impl WordSet {
    /// Whether `word` is in the set. Always inlined: it is asked of
    /// nearly every token, and a call costs as much as the filter test.
    #[inline(always)]
    pub(crate) fn contains(&self, word: &str) -> bool {
        let bit = filter_bit(word.as_bytes());
        self.filter[bit / 64] & (1 << (bit % 64)) != 0 && self.words.contains(word)
    }

    /// Adds `word`.
    pub(crate) fn insert(&mut self, word: String) {
        let bit = filter_bit(word.as_bytes());
        self.filter[bit / 64] |= 1 << (bit % 64);
        self.words.insert(word);
    }

    /// The words, in no order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &String> {
        self.words.iter()
    }
}

impl Extend<String> for WordSet {
    fn extend<I: IntoIterator<Item = String>>(&mut self, words: I) {
        for w in words {
            self.insert(w);
        }
    }
}

impl IntoIterator for WordSet {
    type Item = String;
    type IntoIter = std::collections::hash_set::IntoIter<String>;

    fn into_iter(self) -> Self::IntoIter {
        self.words.into_iter()
    }
}

impl FromIterator<String> for WordSet {
    fn from_iter<I: IntoIterator<Item = String>>(words: I) -> Self {
        let mut set = WordSet::default();
        set.extend(words);
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_as_the_set_does() {
        let words = ["de", "van", "der", "министр", "Président", "a", "x"];
        let set: WordSet = words.iter().map(|w| w.to_string()).collect();
        for w in words {
            assert!(set.contains(w), "{w}");
        }
        for w in ["", "d", "vans", "министра", "president", "b", "Van"] {
            assert!(!set.contains(w), "{w}");
        }
        assert_eq!(set.iter().count(), words.len());
        assert!(!WordSet::default().contains("de"));
    }
}
