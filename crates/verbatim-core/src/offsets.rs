//! Conversion of UTF-8 byte offsets into the unit a client asks for, so that
//! Rust, Python and JavaScript callers all slice the document text correctly.
//!
//! ```
//! use verbatim_core::offsets::{OffsetIndex, OffsetUnit};
//!
//! let text = "«Да», — сказал он.";
//! let index = OffsetIndex::new(text);
//! let byte = text.find('с').unwrap();
//! assert_eq!(index.convert(byte, OffsetUnit::CodePoints), 8);
//! assert_eq!(index.convert(byte, OffsetUnit::Utf16), 8);
//! assert_eq!(index.convert(byte, OffsetUnit::Utf8), byte);
//! ```

/// A unit for text offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum OffsetUnit {
    /// UTF-8 bytes.
    Utf8,
    /// UTF-16 code units.
    Utf16,
    /// Unicode code points (the API's default).
    #[default]
    CodePoints,
}

/// Distance between checkpoints, in bytes: bounds the scan of one conversion.
const STRIDE: usize = 256;

/// Checkpoints over a text so that converting any offset costs at most one
/// short scan, whatever the text's length.
#[derive(Debug, Clone)]
pub struct OffsetIndex<'a> {
    text: &'a str,
    /// For checkpoint `i`: (byte offset, code points before it, UTF-16 units
    /// before it). Byte offsets are char boundaries near `i * STRIDE`.
    checkpoints: Vec<(usize, usize, usize)>,
}

impl<'a> OffsetIndex<'a> {
    /// Indexes `text` in one linear pass.
    pub fn new(text: &'a str) -> Self {
        let mut checkpoints = Vec::with_capacity(text.len() / STRIDE + 1);
        checkpoints.push((0, 0, 0));
        let (mut chars, mut units) = (0usize, 0usize);
        let mut next = STRIDE;
        for (byte, ch) in text.char_indices() {
            if byte >= next {
                checkpoints.push((byte, chars, units));
                next = byte + STRIDE;
            }
            chars += 1;
            units += ch.len_utf16();
        }
        OffsetIndex { text, checkpoints }
    }

    /// Converts a UTF-8 byte offset (a char boundary, at most the text's
    /// length) to `unit`. An offset inside a character counts that character
    /// as not yet reached.
    pub fn convert(&self, byte: usize, unit: OffsetUnit) -> usize {
        debug_assert!(byte <= self.text.len(), "offset past the end of the text");
        if unit == OffsetUnit::Utf8 {
            return byte;
        }
        let slot = self.checkpoints.partition_point(|&(b, _, _)| b <= byte) - 1;
        let (start, mut chars, mut units) = self.checkpoints[slot];
        for (offset, ch) in self.text[start..].char_indices() {
            if start + offset >= byte {
                break;
            }
            chars += 1;
            units += ch.len_utf16();
        }
        match unit {
            OffsetUnit::Utf16 => units,
            _ => chars,
        }
    }

    /// Length of the whole text in `unit`.
    pub fn len(&self, unit: OffsetUnit) -> usize {
        self.convert(self.text.len(), unit)
    }

    /// True when the indexed text is empty.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_every_boundary_of_a_long_mixed_text() {
        let text = "Ça va? «Да» — 𝄞 music 😀 ".repeat(100);
        let index = OffsetIndex::new(&text);
        for (byte, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let prefix = &text[..byte];
            assert_eq!(
                index.convert(byte, OffsetUnit::CodePoints),
                prefix.chars().count()
            );
            assert_eq!(
                index.convert(byte, OffsetUnit::Utf16),
                prefix.encode_utf16().count()
            );
            assert_eq!(index.convert(byte, OffsetUnit::Utf8), byte);
        }
        assert_eq!(index.len(OffsetUnit::CodePoints), text.chars().count());
    }

    #[test]
    fn empty_text_has_zero_length() {
        let index = OffsetIndex::new("");
        assert!(index.is_empty());
        assert_eq!(index.len(OffsetUnit::Utf16), 0);
    }
}
