//! The header of a NumPy `.npy` file, parsed and checked completely before a
//! single byte of data is read or allocated.
//!
//! ```text
//! \x93NUMPY  major minor  header_len (u16 for version 1, u32 for 2 and 3)
//! {'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }   (padded with spaces, ending in \n)
//! data: 2 × 3 float64 values, little-endian, in C order
//! ```
//!
//! The dictionary must have exactly the keys `descr`, `fortran_order` and
//! `shape`, each once; the shape's product, times the size of one value, is
//! computed without overflow and must equal the bytes the file really holds.

/// The magic string every `.npy` file starts with.
pub(crate) const MAGIC: &[u8] = b"\x93NUMPY";
/// The longest header accepted: NumPy's own reader refuses more than 10 000
/// bytes unless told otherwise; this allows a generous 1 MiB.
const MAX_HEADER: usize = 1 << 20;

/// A parsed header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Header {
    /// The dtype, e.g. `<f8`.
    pub(crate) descr: String,
    /// Whether the data is in Fortran (column-major) order.
    pub(crate) fortran_order: bool,
    /// The array's shape.
    pub(crate) shape: Vec<usize>,
}

/// The bytes before the header text: magic, version, and the header's length.
/// Returns the prefix's own length and the header's, from the first 12 bytes
/// of a file (fewer if the file is shorter).
pub(crate) fn prefix(start: &[u8]) -> Result<(usize, usize), String> {
    if !start.starts_with(MAGIC) {
        return Err("not a .npy file: it does not start with \\x93NUMPY".to_owned());
    }
    let (major, minor) = (start.get(6).copied(), start.get(7).copied());
    let (prefix, header_len) = match (major, start.get(8..10), start.get(8..12)) {
        (Some(1), Some(&[a, b]), _) => (10, usize::from(u16::from_le_bytes([a, b]))),
        (Some(2 | 3), _, Some(&[a, b, c, d])) => (
            12,
            usize::try_from(u32::from_le_bytes([a, b, c, d])).unwrap_or(usize::MAX),
        ),
        (Some(1..=3), _, _) | (None, _, _) => {
            return Err("the file ends inside its .npy preamble".to_owned());
        }
        (Some(major), _, _) => {
            return Err(format!(
                "unsupported .npy format version {major}.{}",
                minor.unwrap_or(0)
            ));
        }
    };
    if header_len > MAX_HEADER {
        return Err(format!(
            "the header claims {header_len} bytes, more than the {MAX_HEADER} a .npy header may have"
        ));
    }
    Ok((prefix, header_len))
}

/// Parses the header text (the dictionary, its padding and the final newline).
pub(crate) fn parse(text: &str) -> Result<Header, String> {
    let mut parser = Parser {
        text: text.as_bytes(),
        at: 0,
    };
    let header = parser.dictionary()?;
    parser.blank();
    if parser.at != parser.text.len() {
        return Err(format!(
            "the header has `{}` after its dictionary",
            parser.rest_excerpt()
        ));
    }
    Ok(header)
}

impl Header {
    /// The bytes the data takes at `item_size` bytes per value; `None` when
    /// the shape is larger than any array can be: the product of its non-zero
    /// sizes (ndarray's rule, so `(0, 2⁶⁴ − 1)` counts) overflows `isize`, or
    /// the bytes do.
    pub(crate) fn data_len(&self, item_size: usize) -> Option<usize> {
        let nonzero = self
            .shape
            .iter()
            .filter(|&&d| d != 0)
            .try_fold(1_usize, |n, &d| n.checked_mul(d))?;
        let bytes = nonzero.checked_mul(item_size)?;
        if bytes > isize::MAX as usize {
            return None;
        }
        Some(if self.shape.contains(&0) { 0 } else { bytes })
    }

    /// `(2, 3)`, as NumPy writes a shape.
    pub(crate) fn shape_text(&self) -> String {
        match self.shape.as_slice() {
            [one] => format!("({one},)"),
            dims => format!(
                "({})",
                dims.iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

/// What a dtype is called in NumPy, from its `descr`: `<f8` is `float64`.
pub(crate) fn dtype_name(descr: &str) -> String {
    let mut code = descr.trim_start_matches(['<', '>', '|', '=']).chars();
    // By characters, not bytes: a crafted dtype may start with any character.
    let kind = code.next();
    let bits = code
        .as_str()
        .parse::<usize>()
        .ok()
        .and_then(|bytes| bytes.checked_mul(8));
    let name = match (kind, bits) {
        (Some('f'), Some(bits)) => format!("float{bits}"),
        (Some('i'), Some(bits)) => format!("int{bits}"),
        (Some('u'), Some(bits)) => format!("uint{bits}"),
        (Some('c'), Some(bits)) => format!("complex{bits}"),
        (Some('b'), Some(8)) => "bool".to_owned(),
        (Some('U'), _) => "str".to_owned(),
        (Some('S'), _) => "bytes".to_owned(),
        (Some('O'), _) => "object".to_owned(),
        _ => "an unknown dtype".to_owned(),
    };
    format!("{name} ('{descr}')")
}

/// A small parser for the Python literal NumPy writes.
struct Parser<'a> {
    text: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn blank(&mut self) {
        while self
            .text
            .get(self.at)
            .is_some_and(|b| b.is_ascii_whitespace())
        {
            self.at += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.blank();
        self.text.get(self.at).copied()
    }

    fn rest_excerpt(&self) -> String {
        let rest = self.text.get(self.at..).unwrap_or_default();
        String::from_utf8_lossy(rest.get(..24).unwrap_or(rest)).into_owned()
    }

    fn expect(&mut self, byte: u8) -> Result<(), String> {
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(format!(
                "the header's dictionary has `{}` where `{}` belongs",
                self.rest_excerpt(),
                byte as char
            ))
        }
    }

    /// `{'descr': …, 'fortran_order': …, 'shape': …}`, each key exactly once.
    fn dictionary(&mut self) -> Result<Header, String> {
        self.expect(b'{')?;
        let (mut descr, mut fortran_order, mut shape) = (None, None, None);
        while self.peek() != Some(b'}') {
            let key = self.string()?;
            self.expect(b':')?;
            let duplicate = match key.as_str() {
                "descr" => descr.replace(self.string()?).is_some(),
                "fortran_order" => fortran_order.replace(self.boolean()?).is_some(),
                "shape" => shape.replace(self.tuple()?).is_some(),
                other => return Err(format!("the header has an unknown key `{other}`")),
            };
            if duplicate {
                return Err(format!("the header has the key `{key}` twice"));
            }
            if self.peek() == Some(b',') {
                self.at += 1;
            } else if self.peek() != Some(b'}') {
                return Err(format!(
                    "the header's dictionary has `{}` where `,` or `}}` belongs",
                    self.rest_excerpt()
                ));
            }
        }
        self.expect(b'}')?;
        match (descr, fortran_order, shape) {
            (Some(descr), Some(fortran_order), Some(shape)) => Ok(Header {
                descr,
                fortran_order,
                shape,
            }),
            (None, _, _) => Err("the header has no `descr`".to_owned()),
            (_, None, _) => Err("the header has no `fortran_order`".to_owned()),
            (_, _, None) => Err("the header has no `shape`".to_owned()),
        }
    }

    /// `'text'` or `"text"`, with no escapes (NumPy's keys and dtypes have none).
    fn string(&mut self) -> Result<String, String> {
        let quote = match self.peek() {
            Some(q @ (b'\'' | b'"')) => q,
            _ => {
                return Err(format!(
                    "the header's dictionary has `{}` where a quoted string belongs",
                    self.rest_excerpt()
                ));
            }
        };
        let start = self.at + 1;
        let end = self
            .text
            .get(start..)
            .and_then(|rest| rest.iter().position(|&b| b == quote || b == b'\\'))
            .map(|n| start + n)
            .filter(|&end| self.text.get(end) == Some(&quote))
            .ok_or_else(|| "the header has a string that does not end".to_owned())?;
        self.at = end + 1;
        Ok(String::from_utf8_lossy(self.text.get(start..end).unwrap_or_default()).into_owned())
    }

    fn boolean(&mut self) -> Result<bool, String> {
        self.blank();
        let rest = self.text.get(self.at..).unwrap_or_default();
        for (word, value) in [(&b"True"[..], true), (&b"False"[..], false)] {
            if rest.starts_with(word) {
                self.at += word.len();
                return Ok(value);
            }
        }
        Err(format!(
            "the header's `fortran_order` is `{}`, not True or False",
            self.rest_excerpt()
        ))
    }

    /// `()`, `(5,)`, `(2, 3)`: whole numbers, an optional `L` after each.
    fn tuple(&mut self) -> Result<Vec<usize>, String> {
        self.expect(b'(')?;
        let mut dims = Vec::new();
        while self.peek() != Some(b')') {
            let start = self.at;
            while self.text.get(self.at).is_some_and(u8::is_ascii_digit) {
                self.at += 1;
            }
            let digits = std::str::from_utf8(self.text.get(start..self.at).unwrap_or_default())
                .unwrap_or_default();
            let dim = digits.parse::<usize>().map_err(|_| {
                format!(
                    "the header's shape has `{}` where a size (a whole number that fits this machine) belongs",
                    if digits.is_empty() { self.rest_excerpt() } else { digits.to_owned() }
                )
            })?;
            if self.text.get(self.at) == Some(&b'L') {
                self.at += 1;
            }
            dims.push(dim);
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b')') => {}
                _ => {
                    return Err(format!(
                        "the header's shape has `{}` where `,` or `)` belongs",
                        self.rest_excerpt()
                    ));
                }
            }
        }
        self.expect(b')')?;
        Ok(dims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numpy_headers_parse() {
        let header =
            parse("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }    \n").unwrap();
        assert_eq!(header.descr, "<f8");
        assert!(!header.fortran_order);
        assert_eq!(header.shape, [2, 3]);
        assert_eq!(header.shape_text(), "(2, 3)");
        let scalar =
            parse("{\"shape\": (), \"fortran_order\": True, \"descr\": \"<f4\"}\n").unwrap();
        assert!(scalar.shape.is_empty() && scalar.fortran_order);
        assert_eq!(
            parse("{'descr': '<f8', 'fortran_order': False, 'shape': (5L,), }")
                .unwrap()
                .shape,
            [5]
        );
    }

    #[test]
    fn crafted_headers_are_refused() {
        let twice =
            "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'shape': (1000000000000,)}";
        assert_eq!(
            parse(twice).unwrap_err(),
            "the header has the key `shape` twice"
        );
        let hidden =
            "{'descr': \"<f8', 'shape': (1,)\", 'fortran_order': False, 'shape': (10000000000,)}";
        assert!(
            parse(hidden).is_ok_and(|h| h.descr.contains("shape") && h.shape == [10_000_000_000])
        );
        assert!(
            parse("{'descr': '<f8', 'fortran_order': False}")
                .unwrap_err()
                .contains("no `shape`")
        );
        assert!(parse("{'descr': '<f8', 'fortran_order': 0, 'shape': (1,)}").is_err());
        assert!(parse("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,)}").is_err());
        assert!(
            parse("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999999,)}")
                .is_err()
        );
        assert!(parse("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1}").is_err());
        assert!(parse("{'descr': '<f8', 'fortran_order': False, 'shape': (1,)} junk").is_err());
        let overflow =
            parse("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 18446744073709551615)}")
                .unwrap();
        assert_eq!(overflow.data_len(8), None);
        let empty = parse("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 5)}").unwrap();
        assert_eq!(empty.data_len(8), Some(0));
        let big =
            parse("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296)}")
                .unwrap();
        assert_eq!(big.data_len(8), None);
    }

    #[test]
    fn dtypes_are_named() {
        assert_eq!(dtype_name("<f4"), "float32 ('<f4')");
        assert_eq!(dtype_name("|i1"), "int8 ('|i1')");
        assert_eq!(dtype_name("|b1"), "bool ('|b1')");
        // Found by fuzzing: a dtype that starts with a character of several bytes.
        assert_eq!(dtype_name("<é8"), "an unknown dtype ('<é8')");
        assert_eq!(
            dtype_name("<f99999999999999999999"),
            "an unknown dtype ('<f99999999999999999999')"
        );
    }
}
