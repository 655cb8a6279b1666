//! HLS playlists (RFC 8216): URI lines, and the `URI` attribute of the tags that name one.

use super::rewriter::{Found, Rewriter};
use super::WarningKind;

/// The tags whose `URI="…"` attribute names a resource a player requests.
const URI_TAGS: [&str; 9] = [
    "EXT-X-KEY",
    "EXT-X-MAP",
    "EXT-X-MEDIA",
    "EXT-X-I-FRAME-STREAM-INF",
    "EXT-X-SESSION-KEY",
    "EXT-X-SESSION-DATA",
    "EXT-X-PART",
    "EXT-X-PRELOAD-HINT",
    "EXT-X-RENDITION-REPORT",
];

/// Spaces and tabs, which RFC 8216 does not allow around a line's content but some packagers
/// write.
fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

pub(super) fn rewrite(rw: &mut Rewriter<'_>) {
    let input = rw.input;
    let base = rw.base_url;
    let defines = input.contains("#EXT-X-DEFINE:");
    let mut after_stream_inf = false;
    let mut line_start = 0usize;
    for (index, raw) in input.split_inclusive('\n').enumerate() {
        let line = index + 1;
        let start = line_start;
        line_start += raw.len();
        let content = raw.strip_suffix('\n').unwrap_or(raw);
        let content = content.strip_suffix('\r').unwrap_or(content);
        let trimmed = content.trim_start_matches(is_blank);
        let offset = start + (content.len() - trimmed.len());
        let trimmed = trimmed.trim_end_matches(is_blank);
        if trimmed.is_empty() {
            continue;
        }
        if let Some(tag_line) = trimmed.strip_prefix('#') {
            let (tag, attributes) = tag_line.split_once(':').unwrap_or((tag_line, ""));
            if tag == "EXT-X-STREAM-INF" {
                after_stream_inf = true;
            }
            let Some(kind) = URI_TAGS.iter().copied().find(|t| *t == tag) else {
                continue;
            };
            match uri_attribute(attributes) {
                Ok(None) => {}
                Ok(Some((from, to))) => {
                    // `#` + tag + `:` precede the attribute list.
                    let list_at = offset + 1 + tag.len() + 1;
                    let uri = attributes.get(from..to).unwrap_or("");
                    if defines && uri.contains("{$") {
                        rw.warn(line, WarningKind::Variables);
                    }
                    rw.entry(Found {
                        line,
                        kind,
                        uri,
                        sample: None,
                        base,
                        insert_at: list_at + from + uri.find('#').unwrap_or(uri.len()),
                        xml: false,
                        variable: uri.contains("{$"),
                    });
                }
                Err(()) => rw.warn(line, WarningKind::BadAttributeList),
            }
            continue;
        }
        let kind = if after_stream_inf {
            "variant"
        } else {
            "segment"
        };
        after_stream_inf = false;
        if defines && trimmed.contains("{$") {
            rw.warn(line, WarningKind::Variables);
        }
        rw.entry(Found {
            line,
            kind,
            uri: trimmed,
            sample: None,
            base,
            insert_at: offset + trimmed.find('#').unwrap_or(trimmed.len()),
            xml: false,
            variable: trimmed.contains("{$"),
        });
    }
}

/// Reads an attribute list (RFC 8216, section 4.2: `NAME=VALUE` pairs separated by commas, a
/// value a `"quoted-string"` without `"` or line breaks, or an unquoted token) and gives the
/// byte range of the `URI` attribute's quoted value, if there is one. Spaces around names,
/// `=` and commas are allowed, as players allow them. Refused: a name that is not
/// `[A-Z0-9-]`, a missing `=`, an unterminated or unquoted-with-quote value, text after a
/// closing quote, an empty unquoted value, a `URI` that is not quoted or is given twice.
fn uri_attribute(list: &str) -> Result<Option<(usize, usize)>, ()> {
    let b = list.as_bytes();
    let mut i = 0usize;
    let mut found = None;
    let skip = |i: &mut usize| {
        while matches!(b.get(*i), Some(b' ' | b'\t')) {
            *i += 1;
        }
    };
    loop {
        skip(&mut i);
        if i >= b.len() {
            return Ok(found);
        }
        let name_start = i;
        while b
            .get(i)
            .is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == b'-')
        {
            i += 1;
        }
        let name = b.get(name_start..i).unwrap_or_default();
        if name.is_empty() {
            return Err(());
        }
        skip(&mut i);
        if b.get(i) != Some(&b'=') {
            return Err(());
        }
        i += 1;
        skip(&mut i);
        let quoted = b.get(i) == Some(&b'"');
        let (from, to) = if quoted {
            let from = i + 1;
            let len = b
                .get(from..)
                .unwrap_or_default()
                .iter()
                .position(|&c| c == b'"')
                .ok_or(())?;
            i = from + len + 1;
            (from, from + len)
        } else {
            let from = i;
            while b.get(i).is_some_and(|&c| c != b',') {
                i += 1;
            }
            let value = b.get(from..i).unwrap_or_default();
            if value.iter().all(|&c| c == b' ' || c == b'\t') || value.contains(&b'"') {
                return Err(());
            }
            (from, i)
        };
        if name == b"URI" {
            if !quoted || found.is_some() {
                return Err(());
            }
            found = Some((from, to));
        }
        skip(&mut i);
        match b.get(i) {
            None => return Ok(found),
            Some(b',') => i += 1,
            Some(_) => return Err(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::uri_attribute;

    #[test]
    fn attribute_lists() {
        assert_eq!(
            uri_attribute(r#"METHOD=AES-128,URI="k.bin",IV=0x1"#),
            Ok(Some((20, 25)))
        );
        assert_eq!(uri_attribute("METHOD=NONE"), Ok(None));
        assert_eq!(uri_attribute(r#"A="x,y", URI = "u""#), Ok(Some((16, 17))));
        assert_eq!(uri_attribute(""), Ok(None));
        for bad in [
            "URI=u",
            r#"URI="u"#,
            r#"URI="a",URI="b""#,
            r#"URI="a"x"#,
            "METHOD",
            "=x",
            "A=,B=1",
            "a=1",
            r#"A=x"y"#,
        ] {
            assert_eq!(uri_attribute(bad), Err(()), "{bad}");
        }
    }
}
