//! Finding the bytes of a small set in a text, in order, with `memchr`'s
//! vector search: the quotation, sentence and navigation scans stop only at
//! the few bytes their marks start with, and testing each byte of the text
//! for them was a large share of the parse.

/// The positions of a set of up to six bytes in a haystack, asked for at
/// increasing offsets. Each group of three bytes keeps its next hit, so a
/// group with a distant hit is not searched again while another group's
/// near hits are consumed: the whole scan stays linear.
pub(crate) struct ByteScan<'h> {
    hay: &'h [u8],
    needles: &'static [u8],
    /// Per group of three needles, its first hit at or after the last
    /// offset asked for (`hay.len()` when it has none).
    next: [usize; 2],
    /// The last offset asked for: offsets must not decrease.
    from: usize,
}

impl<'h> ByteScan<'h> {
    /// A scan of `hay` for the bytes of `needles` (at most six).
    pub(crate) fn new(hay: &'h [u8], needles: &'static [u8]) -> Self {
        debug_assert!(!needles.is_empty() && needles.len() <= 6);
        let mut scan = ByteScan {
            hay,
            needles,
            next: [hay.len(); 2],
            from: 0,
        };
        for g in 0..needles.len().div_ceil(3) {
            scan.next[g] = scan.search(g, 0);
        }
        scan
    }

    /// First hit of group `g` at or after `from`, or `hay.len()`.
    fn search(&self, g: usize, from: usize) -> usize {
        let rest = &self.hay[from.min(self.hay.len())..];
        let group = &self.needles[3 * g..self.needles.len().min(3 * g + 3)];
        let hit = match *group {
            [a] => memchr::memchr(a, rest),
            [a, b] => memchr::memchr2(a, b, rest),
            [a, b, c] => memchr::memchr3(a, b, c, rest),
            _ => None,
        };
        hit.map_or(self.hay.len(), |h| from + h)
    }

    /// Offset of the first needle at or after `from` (no less than the
    /// offset of the previous call).
    pub(crate) fn find(&mut self, from: usize) -> Option<usize> {
        debug_assert!(from >= self.from, "offsets asked for must not decrease");
        self.from = from;
        let mut best = self.hay.len();
        for g in 0..self.needles.len().div_ceil(3) {
            // A hit before `from` is stale; one at or after it is still the
            // first there (nothing lay between the old start and it).
            if self.next[g] < from {
                self.next[g] = self.search(g, from);
            }
            best = best.min(self.next[g]);
        }
        (best < self.hay.len()).then_some(best)
    }
}

/// `s.split_inclusive('\n')` with `memchr`'s vector search (the standard
/// library's char search reads a byte at a time): every line of `s` with
/// its newline, the last one without when `s` does not end in one.
pub(crate) fn lines_inclusive(s: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let mut newlines = memchr::memchr_iter(b'\n', s.as_bytes());
    std::iter::from_fn(move || {
        let end = match newlines.next() {
            Some(newline) => newline + 1,
            None if start < s.len() => s.len(),
            None => return None,
        };
        let line = &s[start..end];
        start = end;
        Some(line)
    })
}

#[cfg(test)]
mod tests {
    use super::{ByteScan, lines_inclusive};

    #[test]
    fn lines_inclusive_is_split_inclusive() {
        for s in ["", "\n", "a", "a\n", "a\nb", "\n\nя\n\nb\n", "x\r\ny"] {
            let got: Vec<&str> = lines_inclusive(s).collect();
            let expected: Vec<&str> = s.split_inclusive('\n').collect();
            assert_eq!(got, expected, "{s:?}");
        }
    }

    #[test]
    fn finds_every_needle_in_order_like_a_byte_test() {
        let hay = "a.b|c «d» e—f… \"g\" 'h' 「i」 ?!".as_bytes();
        for needles in [
            &b".!?\xE2"[..],
            &b"|>\xC2\xE2"[..],
            &b"\"'\xC2\xE2\xE3"[..],
            &b"x"[..],
        ] {
            let mut scan = ByteScan::new(hay, needles);
            let mut got = Vec::new();
            let mut from = 0;
            while let Some(i) = scan.find(from) {
                got.push(i);
                from = i + 1;
            }
            let expected: Vec<usize> = (0..hay.len())
                .filter(|&i| needles.contains(&hay[i]))
                .collect();
            assert_eq!(got, expected);
        }
    }
}
