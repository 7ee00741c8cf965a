//! Percent-encoding (RFC 3986, section 2.1) for link parameters.
//!
//! Written here rather than taken from the `percent-encoding` crate: the
//! whole job is two short loops, the page's download budget counts every
//! crate it pulls in, and the core must run natively in tests, so the
//! browser's `encodeURIComponent` is not an option either.

/// `text` with every byte outside RFC 3986's unreserved set (`A-Z a-z 0-9
/// - . _ ~`) written as `%XX` (upper-case hex, as the RFC recommends), one
/// per byte of its UTF-8 form. The result is safe in a query value and in a
/// fragment, and contains neither `&` nor `=`.
///
/// ```text
/// encode("Black or Black British,12") == "Black%20or%20Black%20British%2C12"
/// ```
pub fn encode(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push('%');
            encoded.push(char::from(HEX[usize::from(byte >> 4)]));
            encoded.push(char::from(HEX[usize::from(byte & 0x0F)]));
        }
    }
    encoded
}

/// The text `encoded` stands for, or `None` when a `%` is not followed by
/// two hex digits or the bytes are not UTF-8. With `plus_is_space`, `+`
/// reads as a space, as in HTML form encoding (what browsers and people
/// write in query strings); otherwise it is a plus sign.
pub fn decode(encoded: &str, plus_is_space: bool) -> Option<String> {
    let bytes = encoded.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        match byte {
            b'%' => {
                let high = hex_value(*bytes.get(index + 1)?)?;
                let low = hex_value(*bytes.get(index + 2)?)?;
                decoded.push(high << 4 | low);
                index += 3;
            }
            b'+' if plus_is_space => {
                decoded.push(b' ');
                index += 1;
            }
            _ => {
                decoded.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8(decoded).ok()
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn keeps_unreserved_and_encodes_the_rest_as_utf8_bytes() {
        assert_eq!(encode("Az09-._~"), "Az09-._~");
        assert_eq!(
            encode("Black or Black British,12"),
            "Black%20or%20Black%20British%2C12"
        );
        assert_eq!(encode("a=b&c+d"), "a%3Db%26c%2Bd");
        assert_eq!(encode("\u{FEFF}\t\r\n\""), "%EF%BB%BF%09%0D%0A%22");
        assert_eq!(encode("Gwyn\u{e9}dd"), "Gwyn%C3%A9dd");
    }

    #[test]
    fn decodes_either_case_and_plus_as_the_caller_says() {
        assert_eq!(
            decode("Gwyn%c3%a9dd", false).as_deref(),
            Some("Gwyn\u{e9}dd")
        );
        assert_eq!(decode("a+b", true).as_deref(), Some("a b"));
        assert_eq!(decode("a+b", false).as_deref(), Some("a+b"));
        assert_eq!(decode("100%25", false).as_deref(), Some("100%"));
    }

    #[test]
    fn refuses_broken_escapes_and_bytes_that_are_not_utf8() {
        assert_eq!(decode("%", false), None);
        assert_eq!(decode("%4", false), None);
        assert_eq!(decode("%G0", false), None);
        assert_eq!(decode("%C3", false), None);
        assert_eq!(decode("%FF%FE", false), None);
    }

    proptest! {
        #[test]
        fn any_text_round_trips(text in any::<String>()) {
            let encoded = encode(&text);
            prop_assert!(encoded.bytes().all(|byte| byte.is_ascii_alphanumeric() || b"-._~%".contains(&byte)));
            prop_assert_eq!(decode(&encoded, false), Some(text.clone()));
            prop_assert_eq!(decode(&encoded, true), Some(text));
        }
    }
}
