//! Decoding and normalization: bytes to the normalized document text, with a
//! map back to the original bytes.
//!
//! Normalization only replaces or deletes short runs (line ends, exotic
//! spaces, invisible characters, markup leftovers, non-NFC lines), so the map
//! is a sorted list of anchors where the offset relation changes.

use std::borrow::Cow;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::ParseError;

/// Maps offsets of the normalized text back to offsets of the original bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    /// Sorted (normalized offset, original offset) anchors.
    anchors: Vec<(usize, usize)>,
    /// Length of the original input, the upper bound of every mapped offset.
    original_len: usize,
}

impl SourceMap {
    /// The original byte offset of a normalized-text byte offset; always
    /// within the original input.
    pub fn original_offset(&self, normalized: usize) -> usize {
        let slot = self.anchors.partition_point(|&(n, _)| n <= normalized);
        let mapped = match slot.checked_sub(1).map(|i| self.anchors[i]) {
            Some((n, o)) => o + (normalized - n),
            None => normalized,
        };
        mapped.min(self.original_len)
    }

    /// Number of anchors (for diagnostics and tests).
    pub fn anchor_count(&self) -> usize {
        self.anchors.len()
    }
}

/// How many original bytes one decoded character took.
#[derive(Debug, Clone, Copy)]
enum Unit {
    Utf8,
    Utf16,
    SingleByte,
    Other(&'static Encoding),
}

/// The decoded input before normalization.
#[derive(Debug)]
pub(crate) struct Decoded {
    pub(crate) text: String,
    pub(crate) encoding: &'static Encoding,
    unit: Unit,
    /// Bytes skipped before the text (a byte order mark).
    prefix: usize,
    /// Decoded offsets of replacement characters standing for invalid UTF-8,
    /// with the number of bytes each replaced.
    invalid: Vec<(usize, usize)>,
    original_len: usize,
}

/// Guesses UTF-16 without a BOM: text in Latin or Cyrillic scripts has one
/// zero byte in most code units, always on the same side.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_zero = sample.chunks_exact(2).filter(|p| p[0] == 0).count();
    let odd_zero = sample.chunks_exact(2).filter(|p| p[1] == 0).count();
    if odd_zero * 10 >= pairs * 4 && even_zero * 20 < pairs {
        Some(UTF_16LE)
    } else if even_zero * 10 >= pairs * 4 && odd_zero * 20 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// `std::str::from_utf8` with SIMD: validating the whole input was the
/// costliest step of decoding (Cyrillic is all multibyte, off the std's
/// ASCII fast path).
fn utf8(bytes: &[u8]) -> Result<&str, simdutf8::basic::Utf8Error> {
    simdutf8::basic::from_utf8(bytes)
}

/// Decodes UTF-8, replacing each invalid run by U+FFFD and remembering how
/// many bytes it stood for.
fn decode_utf8(bytes: &[u8]) -> (String, Vec<(usize, usize)>) {
    let mut text = String::with_capacity(bytes.len());
    let mut invalid = Vec::new();
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            invalid.push((text.len(), chunk.invalid().len()));
            text.push('\u{FFFD}');
        }
    }
    (text, invalid)
}

/// True when the bytes are UTF-8 with at most sporadic damage.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut multibyte, mut broken) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().bytes().filter(|b| *b >= 0xC0).count();
        broken += chunk.invalid().len();
    }
    multibyte > 0 && broken * 8 < multibyte
}

/// Decodes `bytes`, honouring an explicit charset label.
pub(crate) fn decode(bytes: &[u8], charset: Option<&str>) -> Result<Decoded, ParseError> {
    // Validated once: most input is clean UTF-8 without a BOM.
    let clean_utf8 = charset.is_none() && !bytes.starts_with(b"\xEF\xBB\xBF");
    let valid = if clean_utf8 { utf8(bytes).ok() } else { None };
    let (encoding, prefix) = match charset {
        Some(label) => {
            let enc = Encoding::for_label(label.trim().as_bytes())
                .ok_or_else(|| ParseError::UnknownCharset(label.to_string()))?;
            // A BOM of the named family is still not text.
            let prefix = match Encoding::for_bom(bytes) {
                Some((bom_enc, len)) if bom_enc == enc => len,
                _ => 0,
            };
            (enc, prefix)
        }
        None => match Encoding::for_bom(bytes) {
            Some((enc, len)) => (enc, len),
            None if valid.is_some() || mostly_utf8(bytes) => (UTF_8, 0),
            None => match sniff_utf16(bytes) {
                Some(enc) => (enc, 0),
                None => {
                    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
                    detector.feed(bytes, true);
                    (detector.guess(None, Utf8Detection::Allow), 0)
                }
            },
        },
    };
    let body = &bytes[prefix.min(bytes.len())..];
    let (text, invalid, unit) = if encoding == UTF_8 {
        let checked = match valid {
            Some(v) if prefix == 0 => Ok(v),
            _ => utf8(body),
        };
        let (text, invalid) = match checked {
            Ok(valid) => (valid.to_string(), Vec::new()),
            Err(_) => decode_utf8(body),
        };
        (text, invalid, Unit::Utf8)
    } else {
        let (cow, _) = encoding.decode_without_bom_handling(body);
        let unit = if encoding == UTF_16LE || encoding == UTF_16BE {
            Unit::Utf16
        } else if encoding.is_single_byte() {
            Unit::SingleByte
        } else {
            Unit::Other(encoding)
        };
        (cow.into_owned(), Vec::new(), unit)
    };
    Ok(Decoded {
        text,
        encoding,
        unit,
        prefix,
        invalid,
        original_len: bytes.len(),
    })
}

/// Builds the normalized text and its source map.
struct Writer {
    out: String,
    anchors: Vec<(usize, usize)>,
}

impl Writer {
    /// Copies a run that needs no normalization.
    fn emit_str(&mut self, s: &str, orig: usize) {
        let n = self.out.len();
        let predicted = match self.anchors.last() {
            Some(&(an, ao)) => ao + (n - an),
            None => n,
        };
        if predicted != orig {
            self.anchors.push((n, orig));
        }
        self.out.push_str(s);
    }

    fn emit(&mut self, c: char, orig: usize) {
        let n = self.out.len();
        let predicted = match self.anchors.last() {
            Some(&(an, ao)) => ao + (n - an),
            None => n,
        };
        if predicted != orig {
            self.anchors.push((n, orig));
        }
        self.out.push(c);
    }
}

/// What normalization does with one character on its own.
enum CharAction {
    Keep(char),
    Drop,
}

fn char_action(c: char) -> CharAction {
    match c {
        '\t' | '\u{A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => {
            CharAction::Keep(' ')
        }
        '\u{2028}' | '\u{2029}' | '\u{85}' => CharAction::Keep('\n'),
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}' => CharAction::Drop,
        '\n' => CharAction::Keep('\n'),
        c if c.is_control() => CharAction::Drop,
        c => CharAction::Keep(c),
    }
}

/// True when a character passes through normalization unchanged and starts
/// no markup.
fn plain(c: char) -> bool {
    if c.is_ascii() {
        return (c >= ' ' || c == '\n') && !matches!(c, '[' | '<' | '&' | '*' | '\u{7f}');
    }
    !matches!(
        c,
        '\u{80}'..='\u{A0}'
            | '\u{AD}'
            | '\u{2000}'..='\u{200D}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{2060}'
            | '\u{3000}'
            | '\u{FEFF}'
    )
}

/// `is_nfc_quick(s) == Yes`, cheaper on Cyrillic: the check does two table
/// lookups per non-ASCII char, and chars below U+0300 and the Cyrillic
/// letters U+0400..U+0481 are starters that are always allowed, exactly as
/// an ASCII letter is; they are handed to it as one.
fn nfc_quick_yes(s: &str) -> bool {
    is_nfc_quick(s.chars().map(|c| {
        if c < '\u{300}' || ('\u{400}'..='\u{481}').contains(&c) {
            'a'
        } else {
            c
        }
    })) == IsNormalized::Yes
}

/// `s` in NFC, borrowed when it is already. Composition never crosses a
/// space (a starter that composes with nothing on either side), so each
/// space-separated word is checked on its own and only a word the quick
/// check cannot clear is composed: a long line with one combining mark costs
/// one word's composition, not the line's.
fn nfc_by_words(s: &str) -> Cow<'_, str> {
    let mut out: Option<String> = None;
    // Bytes of `s` already reflected in `out`.
    let mut copied = 0;
    let mut at = 0;
    for word in s.split(' ') {
        let end = at + word.len();
        if !nfc_quick_yes(word) {
            let composed: String = word.nfc().collect();
            if composed != word {
                let out = out.get_or_insert_with(|| String::with_capacity(s.len()));
                out.push_str(&s[copied..at]);
                out.push_str(&composed);
                copied = end;
            }
        }
        at = end + 1;
    }
    match out {
        None => Cow::Borrowed(s),
        Some(mut out) => {
            out.push_str(&s[copied..]);
            Cow::Owned(out)
        }
    }
}

/// Per byte: whether it belongs to a plain char of the fast path: printable
/// ASCII but `[`, `<`, `&` and `*`, the newline, and the Cyrillic letters
/// of U+0400..U+047F (lead bytes 0xD0, 0xD1 and continuation bytes; a
/// continuation byte is only met after a lead byte that passed).
static PLAIN_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = matches!(b as u8, b' '..=b'~' | b'\n' | 0x80..=0xBF | 0xD0 | 0xD1)
            && !matches!(b as u8, b'[' | b'<' | b'&' | b'*');
        b += 1;
    }
    t
};

/// The end of the run of [`PLAIN_BYTES`] in `bytes[at..end]`: sixteen bytes
/// a step with SSE2, the rest by the table.
#[inline]
fn plain_run_end(bytes: &[u8], mut at: usize, end: usize) -> usize {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    while let Some(chunk) = bytes.get(at..end).and_then(<[u8]>::first_chunk::<16>) {
        let outside = non_plain_bytes(chunk);
        if outside != 0 {
            return at + outside.trailing_zeros() as usize;
        }
        at += 16;
    }
    crate::chars::run_end(&PLAIN_BYTES, bytes, at, end)
}

/// Bit `k` set for each byte `k` of `bytes` that is not in [`PLAIN_BYTES`].
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline(always)]
fn non_plain_bytes(bytes: &[u8; 16]) -> u32 {
    let x = crate::chars::sse2::Chunk::new(bytes);
    let printable = x.in_range(b' ', b'~').bits();
    let markup = x
        .eq(b'[')
        .or(x.eq(b'<'))
        .or(x.eq(b'&'))
        .or(x.eq(b'*'))
        .bits();
    let other = x
        .eq(b'\n')
        .or(x.in_range(0x80, 0xBF))
        .or(x.and(0xFE).eq(0xD0))
        .bits();
    !(printable & !markup | other) & 0xFFFF
}

/// Length of the longest prefix of `s` made of chars that are [`plain`] and
/// never compose, checked byte by byte for the usual ones: ASCII, the
/// U+0400..U+047F Cyrillic block (lead bytes 0xD0, 0xD1), U+00A1..U+00BF
/// but the soft hyphen (`«`, `»`), and the punctuation of U+200E..U+203F
/// bar the line separators and the narrow space (`–`, `…`, `“`). Those are
/// nearly every char of an English or Russian line. Ends on a char boundary.
fn plain_prefix(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // A table lookup a byte settles printable ASCII and the Cyrillic
        // letters; the step never depends on a lookup, so the loop is not
        // bound by memory latency.
        i = plain_run_end(b, i, b.len());
        if i == b.len() {
            break;
        }
        match (b[i], b.get(i + 1), b.get(i + 2)) {
            (b'\n' | b' '..=b'~', _, _) if !matches!(b[i], b'[' | b'<' | b'&' | b'*') => i += 1,
            (0xD0 | 0xD1, Some(_), _) => i += 2,
            (0xC2, Some(0xA1..=0xAC | 0xAE..=0xBF), _) => i += 2,
            (0xE2, Some(0x80), Some(0x8E..=0xA7 | 0xAA..=0xAE | 0xB0..=0xBF)) => i += 3,
            _ => break,
        }
    }
    debug_assert!(s.is_char_boundary(i));
    i
}

/// Decodes an HTML entity starting at `line[i] == '&'`: (replacement, chars used).
fn entity(line: &[(char, usize)], i: usize) -> Option<(char, usize)> {
    let end = (i + 1..line.len().min(i + 12)).find(|&j| line[j].0 == ';')?;
    let name: String = line[i + 1..end].iter().map(|p| p.0).collect();
    let c = match name.as_str() {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "laquo" => '«',
        "raquo" => '»',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "bdquo" => '„',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            match char::from_u32(code)? {
                '\u{A0}' => ' ',
                c if c.is_control() && c != '\n' => return None,
                c => c,
            }
        }
    };
    Some((c, end + 1 - i))
}

/// Length (in chars) of a markup tag starting at `line[i] == '<'`.
fn tag_len(line: &[(char, usize)], i: usize) -> Option<usize> {
    let next = line.get(i + 1)?.0;
    if !(next.is_ascii_alphabetic() || next == '/' || next == '!') {
        return None;
    }
    let limit = line.len().min(i + 400);
    (i + 2..limit)
        .find(|&j| line[j].0 == '>' || line[j].0 == '<')
        .filter(|&j| line[j].0 == '>')
        .map(|j| j + 1 - i)
}

/// A markdown link `[text](target)` starting at `line[i] == '['`: returns the
/// index of `]` and the index just past `)`.
fn markdown_link(line: &[(char, usize)], i: usize) -> Option<(usize, usize)> {
    let close =
        (i + 1..line.len().min(i + 300)).find(|&j| matches!(line[j].0, ']' | '[' | '\n'))?;
    if line[close].0 != ']' || close == i + 1 || line.get(close + 1)?.0 != '(' {
        return None;
    }
    let end = (close + 2..line.len().min(close + 600))
        .find(|&j| matches!(line[j].0, ')' | ' ' | '\n'))?;
    (line[end].0 == ')').then_some((close, end + 1))
}

/// True when an emphasis marker run at `line[a..b]` is markup, not text: it
/// touches a word on at least one side.
fn is_emphasis(line: &[(char, usize)], a: usize, b: usize) -> bool {
    let before = a.checked_sub(1).map(|j| line[j].0);
    let after = line.get(b).map(|p| p.0);
    let wordish = |c: Option<char>| c.is_some_and(|c| !c.is_whitespace());
    wordish(before) || wordish(after)
}

/// Normalizes one line (chars with their original offsets) into `w`.
/// `source` is the line as one UTF-8 run starting at an original offset,
/// when its chars are exactly the source bytes: plain stretches are then
/// copied whole.
fn normalize_line(line: &[(char, usize)], source: Option<(&str, usize)>, w: &mut Writer) {
    let mut i = 0;
    let mut link_close = usize::MAX;
    let mut link_end = usize::MAX;
    while i < line.len() {
        let (c, orig) = line[i];
        if i == link_close {
            i = link_end;
            link_close = usize::MAX;
            continue;
        }
        if let Some((src, base)) = source
            && plain(c)
        {
            let mut j = i + 1;
            while j < line.len() && j != link_close && plain(line[j].0) {
                j += 1;
            }
            if j > i + 1 {
                let end = line.get(j).map_or(src.len(), |p| p.1 - base);
                w.emit_str(&src[orig - base..end], orig);
                i = j;
                continue;
            }
        }
        match c {
            '[' => {
                if let Some((close, end)) = markdown_link(line, i) {
                    link_close = close;
                    link_end = end;
                    i += 1;
                    continue;
                }
            }
            '<' => {
                if let Some(len) = tag_len(line, i) {
                    i += len;
                    continue;
                }
            }
            '&' => {
                if let Some((rep, len)) = entity(line, i) {
                    w.emit(rep, orig);
                    i += len;
                    continue;
                }
            }
            '*' => {
                let mut j = i;
                while j < line.len() && line[j].0 == '*' {
                    j += 1;
                }
                if is_emphasis(line, i, j) {
                    i = j;
                    continue;
                }
                for &(star, o) in &line[i..j] {
                    w.emit(star, o);
                }
                i = j;
                continue;
            }
            '\r' => {
                // CRLF becomes LF; a lone CR ends a line too.
                if line.get(i + 1).is_none_or(|p| p.0 != '\n') {
                    w.emit('\n', orig);
                }
                i += 1;
                continue;
            }
            _ => {}
        }
        if let CharAction::Keep(k) = char_action(c) {
            w.emit(k, orig);
        }
        i += 1;
    }
}

/// The end of the char starting at or containing byte `pos` of `s` (the
/// next char boundary after `pos`), or `s.len()`.
fn char_end(s: &str, pos: usize) -> usize {
    s.ceil_char_boundary(pos + 1)
}

/// How far [`normalize_line`] may read past the non-plain char at byte `at`
/// of `piece` when deciding what it is: a byte offset (a char boundary) by
/// which every construct that may start there has ended or been rejected.
/// Generous rather than exact: a chunk reaching further gives the same
/// result; one reaching less would not.
fn markup_reach(piece: &str, at: usize) -> usize {
    let bytes = piece.as_bytes();
    let after = |needles: &[u8], from: usize| {
        let rest = bytes.get(from..).unwrap_or_default();
        let found = match *needles {
            [a, b] => memchr::memchr2(a, b, rest),
            [a, b, c] => memchr::memchr3(a, b, c, rest),
            _ => None,
        };
        found.map(|k| from + k)
    };
    match bytes[at] {
        // A markdown link: the first `]`, `[` or newline closes or rejects
        // its text; after `](`, the first `)`, space or newline its target.
        b'[' => match after(b"][\n", at + 1) {
            Some(close) if bytes[close] == b']' && bytes.get(close + 1) == Some(&b'(') => {
                after(b") \n", close + 2).map_or(piece.len(), |end| end + 1)
            }
            Some(close) => char_end(piece, close + 1),
            None => piece.len(),
        },
        // A tag ends at the first `>`, and a `<` first rejects it.
        b'<' => after(b"><", at + 1).map_or(piece.len(), |end| end + 1),
        // An entity is at most twelve chars long.
        b'&' => piece[at..]
            .char_indices()
            .nth(13)
            .map_or(piece.len(), |(k, _)| at + k),
        // An emphasis run and the char after it.
        b'*' => {
            let run = bytes[at..].iter().take_while(|&&b| b == b'*').count();
            char_end(piece, at + run)
        }
        // A char normalized on its own, and the char after it (a CR looks
        // for a LF).
        _ => char_end(piece, char_end(piece, at)),
    }
}

/// Normalizes a line that is valid UTF-8 (its chars are exactly the source
/// bytes from `base`) and NFC, given the byte offsets of its non-plain chars:
/// plain stretches far from them are copied whole, and each cluster of them
/// goes through [`normalize_line`] from one char before it to as far as its
/// constructs may reach ([`markup_reach`]), the same result as the whole
/// line gives.
fn normalize_clean_line(
    piece: &str,
    base: usize,
    specials: &[usize],
    line: &mut Vec<(char, usize)>,
    w: &mut Writer,
) {
    let mut done = 0;
    let mut i = 0;
    // One char before a special: an emphasis marker looks at it.
    let start_of = |k: usize| piece[..k].char_indices().next_back().map_or(0, |(j, _)| j);
    while i < specials.len() {
        let first = specials[i];
        let mut chunk_end = markup_reach(piece, first);
        let mut j = i + 1;
        while j < specials.len() && start_of(specials[j]) < chunk_end {
            chunk_end = chunk_end.max(markup_reach(piece, specials[j]));
            j += 1;
        }
        let chunk_start = start_of(first).max(done);
        debug_assert!(done <= chunk_start && chunk_start <= first && specials[j - 1] < chunk_end);
        if done < chunk_start {
            w.emit_str(&piece[done..chunk_start], base + done);
        }
        let chunk = &piece[chunk_start..chunk_end];
        line.clear();
        line.extend(
            chunk
                .char_indices()
                .map(|(k, c)| (c, base + chunk_start + k)),
        );
        normalize_line(line, Some((chunk, base + chunk_start)), w);
        done = chunk_end;
        i = j;
    }
    if done < piece.len() {
        w.emit_str(&piece[done..], base + done);
    }
}

/// Normalizes the decoded text: returns the text and the map to the bytes.
pub(crate) fn normalize(decoded: &Decoded) -> (String, SourceMap) {
    let text = decoded.text.as_str();
    let mut w = Writer {
        out: String::with_capacity(text.len()),
        anchors: Vec::new(),
    };
    let mut orig = decoded.prefix;
    let mut invalid = decoded.invalid.iter().peekable();
    let mut line: Vec<(char, usize)> = Vec::new();
    let mut start = 0;
    for piece in crate::bytescan::lines_inclusive(text) {
        line.clear();
        let line_orig = orig;
        // Fast path: UTF-8 lines that need nothing are copied whole.
        let clean_utf8 = matches!(decoded.unit, Unit::Utf8)
            && invalid
                .peek()
                .is_none_or(|&&(at, _)| at >= start + piece.len());
        // Below U+0300, in the Cyrillic letters and in punctuation and symbols
        // (bar the letterlike singletons U+2126 …) nothing composes. One
        // pass finds the chars that are not plain (markup, odd spaces,
        // controls) and whether any may compose, jumping over the usual
        // chars byte by byte ([`plain_prefix`]).
        let mut composable = false;
        let mut specials = Vec::new();
        let mut k = 0;
        loop {
            k += plain_prefix(&piece[k..]);
            let Some(c) = piece[k..].chars().next() else {
                break;
            };
            composable |= c >= '\u{300}'
                && !matches!(c, '\u{400}'..='\u{481}' | '\u{48A}'..='\u{52F}' | '\u{2002}'..='\u{20FF}' | '\u{2150}'..='\u{2BFF}');
            if !plain(c) {
                specials.push(k);
            }
            k += c.len_utf8();
        }
        let all_plain = specials.is_empty();
        // The line in NFC, when the quick check cannot tell it is already.
        let composed = (composable && !nfc_quick_yes(piece)).then(|| nfc_by_words(piece));
        let is_nfc = composed
            .as_ref()
            .is_none_or(|c| matches!(c, Cow::Borrowed(_)));
        if clean_utf8 && all_plain && is_nfc {
            w.emit_str(piece, orig);
            orig += piece.len();
            start += piece.len();
            continue;
        }
        if clean_utf8 && is_nfc {
            // Long lines with a few markup characters (flattened pages): only
            // the stretches around those go through the char-level pass.
            normalize_clean_line(piece, line_orig, &specials, &mut line, &mut w);
            orig += piece.len();
            start += piece.len();
            continue;
        }
        for (k, c) in piece.char_indices() {
            line.push((c, orig));
            let pos = start + k;
            let len = match decoded.unit {
                Unit::Utf8 => match invalid.peek() {
                    Some(&&(at, n)) if at == pos => {
                        invalid.next();
                        n
                    }
                    _ => c.len_utf8(),
                },
                Unit::Utf16 => c.len_utf16() * 2,
                Unit::SingleByte => 1,
                Unit::Other(enc) => {
                    let mut buf = [0u8; 4];
                    enc.encode(c.encode_utf8(&mut buf)).0.len().max(1)
                }
            };
            orig += len;
        }
        start += piece.len();
        let mut source = clean_utf8.then_some((piece, line_orig));
        if let Some(Cow::Owned(composed)) = &composed {
            // Offsets inside a recomposed line map to its start.
            line.clear();
            line.extend(composed.chars().map(|c| (c, line_orig)));
            source = None;
        }
        normalize_line(&line, source, &mut w);
    }
    let map = SourceMap {
        anchors: w.anchors,
        original_len: decoded.original_len,
    };
    (w.out, map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    #[test]
    fn sse2_non_plain_bytes_agree_with_the_table() {
        let fills = [0x00u8, b'a', 0x80, 0xD0, b'[', b'\n', 0xFF];
        crate::chars::every_byte_in_every_lane::<16>(&fills, |bytes| {
            let outside = non_plain_bytes(bytes);
            assert_eq!(outside >> 16, 0);
            crate::chars::assert_flags(
                bytes,
                |k| outside >> k & 1 == 1,
                |b| PLAIN_BYTES[usize::from(b)],
            );
        });
    }

    fn norm(bytes: &[u8]) -> (String, SourceMap) {
        normalize(&decode(bytes, None).expect("decodes"))
    }

    #[test]
    fn crlf_spaces_and_markup() {
        let (text, map) = norm(b"a\r\nb\xC2\xA0c [Anna Berg](#) *x* <b>y</b> &amp;");
        assert_eq!(text, "a\nb c Anna Berg x y &");
        let m = text.find('B').unwrap_or(0);
        assert_eq!(map.original_offset(m), "a\r\nb\u{a0}c [Anna ".len());
        let y = text.find('y').unwrap_or(0);
        assert_eq!(
            map.original_offset(y),
            "a\r\nb\u{a0}c [Anna Berg](#) *x* <b>".len()
        );
    }

    #[test]
    fn bom_and_utf16() {
        let (text, map) = norm(b"\xEF\xBB\xBFhello");
        assert_eq!(text, "hello");
        assert_eq!(map.original_offset(0), 3);
        let utf16: Vec<u8> = "\u{FEFF}Привет мир"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let (text, map) = norm(&utf16);
        assert_eq!(text, "Привет мир");
        assert_eq!(map.original_offset(text.find('м').unwrap_or(0)), 2 + 7 * 2);
    }

    #[test]
    fn windows_1251() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251
            .encode("Соколов заявил, что переговоры продолжаются. Это важно для всех.");
        let decoded = decode(&bytes, None).expect("decodes");
        assert_eq!(decoded.encoding, encoding_rs::WINDOWS_1251);
        let (text, map) = normalize(&decoded);
        assert!(text.starts_with("Соколов заявил"));
        assert_eq!(map.original_offset(text.find('з').unwrap_or(0)), 8);
    }

    #[test]
    fn unknown_charset() {
        assert!(matches!(
            decode(b"x", Some("no-such")),
            Err(ParseError::UnknownCharset(_))
        ));
    }

    /// Normalizes `line` (valid UTF-8, NFC) whole and by clusters of
    /// non-plain chars, and checks both give the same text and anchors.
    fn check_clean_line(line: &str) {
        let whole: Vec<(char, usize)> = line.char_indices().map(|(k, c)| (c, 7 + k)).collect();
        let mut expected = Writer {
            out: String::new(),
            anchors: vec![(0, 3)],
        };
        normalize_line(&whole, None, &mut expected);
        let specials: Vec<usize> = line
            .char_indices()
            .filter(|&(_, c)| !plain(c))
            .map(|(k, _)| k)
            .collect();
        let mut got = Writer {
            out: String::new(),
            anchors: vec![(0, 3)],
        };
        normalize_clean_line(line, 7, &specials, &mut Vec::new(), &mut got);
        assert_eq!(got.out, expected.out, "{line:?}");
        assert_eq!(got.anchors, expected.anchors, "{line:?}");
    }

    #[test]
    fn clean_long_lines_normalize_like_whole_lines() {
        let filler = "Москва слово word ".repeat(400);
        check_clean_line(&format!(
            "{filler}[Anna Berg](#) *x* {filler}<b>y</b> &amp; [not a link {filler}** a*b \r{filler}[x]({filler})\n"
        ));
        for line in [
            "[a](b) [c] (d) [e](f g) [h[i](j)] [](k) [l]( m)",
            "<b>x</b> <3 a<b c<d>e <!-- x --> </",
            "&amp;&lt;&#x41;&#65;&nosuch; & &amp",
            "**x** * y * *z*** ***",
            "a\u{a0}b\u{2009}c\u{ad}d\u{200b}e\r\nf\rg\u{7f}",
            "[Путин](#) *«слово»* <i>Кремль</i>&nbsp;—",
            "[",
            "*",
            "<",
            "&",
        ] {
            check_clean_line(line);
        }
    }

    proptest::proptest! {
        #[test]
        fn clean_lines_normalize_like_whole_lines(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "[", "]", "(", ")", "<", ">", "&", ";", "*", " ", "\r", "\n", "a", "Я",
                    "#", "amp", "b", "/", "!", "\u{a0}", "\u{ad}", "«", "x y z ",
                ]),
                0..80,
            )
        ) {
            check_clean_line(&parts.concat());
        }
    }

    proptest::proptest! {
        #[test]
        fn nfc_by_words_is_nfc(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    " ", "e", "\u{301}", "\u{327}", "\u{308}", "Я", "е", "\u{306}", "\u{1100}",
                    "\u{1161}", "\u{11A8}", "é", "\u{2126}", "\n", "a b",
                ]),
                0..40,
            )
        ) {
            let s = parts.concat();
            let expected: String = s.nfc().collect();
            let got = nfc_by_words(&s);
            proptest::prop_assert_eq!(got.as_ref(), expected.as_str());
            proptest::prop_assert_eq!(matches!(got, Cow::Borrowed(_)), expected == s);
        }
    }

    #[test]
    fn nfc() {
        let (text, _) = norm("e\u{301}te\u{301}".as_bytes());
        assert_eq!(text, "été");
    }
}
