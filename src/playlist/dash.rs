//! DASH manifests (ISO/IEC 23009-1): `BaseURL`, and the URL attributes of the segment
//! elements, read by the `xmlparser` tokenizer and rewritten at its byte spans.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use xmlparser::{ElementEnd, Reference, StrSpan, Stream, Token, Tokenizer};

use super::rewriter::{Found, Rewriter};
use super::template::{fill_template, is_plain_name, uses_representation_id, Pending, Scope};
use super::{uri, PlaylistError, WarningKind};

/// The attributes that name a request: (element, attribute, the entry's kind).
const URI_ATTRIBUTES: [(&str, &str, &str); 9] = [
    ("SegmentTemplate", "media", "SegmentTemplate@media"),
    (
        "SegmentTemplate",
        "initialization",
        "SegmentTemplate@initialization",
    ),
    ("SegmentTemplate", "index", "SegmentTemplate@index"),
    (
        "SegmentTemplate",
        "bitstreamSwitching",
        "SegmentTemplate@bitstreamSwitching",
    ),
    ("SegmentURL", "media", "SegmentURL@media"),
    ("SegmentURL", "index", "SegmentURL@index"),
    ("Initialization", "sourceURL", "Initialization@sourceURL"),
    (
        "RepresentationIndex",
        "sourceURL",
        "RepresentationIndex@sourceURL",
    ),
    (
        "BitstreamSwitching",
        "sourceURL",
        "BitstreamSwitching@sourceURL",
    ),
];

/// An open element.
struct Frame<'a> {
    local: &'a str,
    /// The base its first `BaseURL` child sets.
    base: Option<String>,
    /// A `Representation`'s `id`, for `$RepresentationID$`.
    id: Option<Cow<'a, str>>,
    /// URIs written above the Representations, and the Representations inside (ids, bases):
    /// decided when it closes.
    scope: Scope,
}

/// The text of a `BaseURL` being read.
enum BaseText<'a> {
    None,
    One { span: StrSpan<'a>, cdata: bool },
    Split,
}

pub(super) fn rewrite(rw: &mut Rewriter<'_>) -> Result<(), PlaylistError> {
    let input = rw.input;
    let mut stack: Vec<Frame<'_>> = Vec::new();
    let mut seen_root = false;
    let mut text = BaseText::None;
    let mut lines = LineCounter::default();
    for token in Tokenizer::from(input) {
        let token = token.map_err(|e| PlaylistError::BadXml { line: e.pos().row })?;
        match token {
            Token::ElementStart { local, .. } => {
                if !seen_root && local.as_str() != "MPD" {
                    return Err(PlaylistError::UnknownFormat);
                }
                seen_root = true;
                if stack.last().is_some_and(|f| f.local == "BaseURL") {
                    text = BaseText::Split;
                }
                stack.push(Frame {
                    local: local.as_str(),
                    base: None,
                    id: None,
                    scope: Scope::default(),
                });
            }
            Token::Attribute { local, value, .. } => {
                let Some(element) = stack.last() else {
                    continue;
                };
                if element.local == "Representation" && local.as_str() == "id" {
                    let id = decode(value.as_str()).ok().map(|(id, _)| id);
                    if let Some(frame) = stack.last_mut() {
                        frame.id = id;
                    }
                    continue;
                }
                let Some(&(_, _, kind)) = URI_ATTRIBUTES
                    .iter()
                    .find(|(e, a, _)| *e == element.local && *a == local.as_str())
                else {
                    continue;
                };
                let line = lines.line_at(input, value.start());
                let Ok((uri, hash)) = decode(value.as_str()) else {
                    rw.warn(line, WarningKind::XmlEntity);
                    continue;
                };
                let template = element.local == "SegmentTemplate" && uri.contains('$');
                let by_id = template && uses_representation_id(&uri);
                let insert_at = value.start() + hash.unwrap_or(value.as_str().len());
                // Above the Representations (in an AdaptationSet or Period): each Representation
                // uses it with its own id and its own BaseURL, so it is decided with them when
                // that element closes.
                if !stack.iter().any(|f| f.local == "Representation") {
                    let base = String::from(base_of(&stack, rw.base_url));
                    let holder = stack
                        .iter_mut()
                        .rev()
                        .find(|f| f.local == "AdaptationSet" || f.local == "Period");
                    if let Some(frame) = holder {
                        frame.scope.pending.push(Pending {
                            line,
                            kind,
                            uri: uri.into_owned(),
                            base,
                            insert_at,
                            template,
                            by_id,
                        });
                        continue;
                    }
                }
                let id = representation_id(&stack);
                // A player puts the Representation's own id in `$RepresentationID$`: signed only
                // when it is known and cannot move the request elsewhere.
                let variable = by_id && !id.is_some_and(is_plain_name);
                let sample = template.then(|| fill_template(&uri, id));
                rw.entry(Found {
                    line,
                    kind,
                    uri: &uri,
                    sample: sample.as_deref(),
                    base: base_of(&stack, rw.base_url),
                    insert_at,
                    xml: true,
                    variable,
                });
            }
            Token::Text { text: t } if stack.last().is_some_and(|f| f.local == "BaseURL") => {
                text = match text {
                    BaseText::None => BaseText::One {
                        span: t,
                        cdata: false,
                    },
                    _ => BaseText::Split,
                };
            }
            Token::Cdata { text: t, .. } if stack.last().is_some_and(|f| f.local == "BaseURL") => {
                text = match text {
                    BaseText::None => BaseText::One {
                        span: t,
                        cdata: true,
                    },
                    _ => BaseText::Split,
                };
            }
            Token::Comment { .. } | Token::ProcessingInstruction { .. }
                if stack.last().is_some_and(|f| f.local == "BaseURL") =>
            {
                text = BaseText::Split;
            }
            Token::ElementEnd { end, span } => {
                // xmlparser is a tokenizer: the nesting is checked here.
                match end {
                    ElementEnd::Open => continue,
                    ElementEnd::Empty => {}
                    ElementEnd::Close(_, local) => {
                        if stack.last().is_none_or(|f| f.local != local.as_str()) {
                            let line = lines.line_at(input, span.start());
                            return Err(PlaylistError::BadXml {
                                line: line_u32(line),
                            });
                        }
                    }
                }
                if stack.last().is_some_and(|f| f.local == "BaseURL") {
                    let line = lines.line_at(input, span.start());
                    base_url(
                        rw,
                        &mut stack,
                        core::mem::replace(&mut text, BaseText::None),
                        line,
                    );
                }
                if let Some(frame) = stack.pop() {
                    if frame.local == "Representation" {
                        let id = frame.id.as_deref();
                        let base = frame
                            .base
                            .as_deref()
                            .unwrap_or_else(|| base_of(&stack, rw.base_url));
                        let base = String::from(base);
                        for f in &mut stack {
                            f.scope.note_representation(id, &base);
                        }
                    }
                    frame.scope.decide(rw);
                }
            }
            _ => {}
        }
    }
    if !seen_root {
        return Err(PlaylistError::UnknownFormat);
    }
    if !stack.is_empty() {
        let line = lines.line_at(input, input.len());
        return Err(PlaylistError::BadXml {
            line: line_u32(line),
        });
    }
    Ok(())
}

fn line_u32(line: usize) -> u32 {
    u32::try_from(line).unwrap_or(u32::MAX)
}

/// A `BaseURL` just closed: resolve it against the bases above its parent, set its parent's
/// base (the first one wins; others are alternatives), sign it if it names a file.
fn base_url(rw: &mut Rewriter<'_>, stack: &mut [Frame<'_>], text: BaseText<'_>, line: usize) {
    let (span, cdata) = match text {
        BaseText::One { span, cdata } => (span, cdata),
        BaseText::None => return,
        BaseText::Split => {
            rw.warn(line, WarningKind::SplitText);
            return;
        }
    };
    let raw = span.as_str();
    let trimmed = raw.trim_start();
    let start = span.start() + (raw.len() - trimmed.len());
    let trimmed = trimmed.trim_end();
    let decoded = if cdata {
        Ok((Cow::Borrowed(trimmed), trimmed.find('#')))
    } else {
        decode(trimmed)
    };
    let Ok((uri, hash)) = decoded else {
        rw.warn(line, WarningKind::XmlEntity);
        return;
    };
    if uri.is_empty() {
        return;
    }
    // The frames: [..., parent, BaseURL]; its base is that of the frames above the parent.
    let parent = stack.len().saturating_sub(2);
    let inherited = base_of(stack.get(..parent).unwrap_or_default(), rw.base_url);
    let resolved = uri::resolve(inherited, &uri);
    if !uri.ends_with('/') {
        rw.entry(Found {
            line,
            kind: "BaseURL",
            uri: &uri,
            sample: None,
            base: inherited,
            insert_at: start + hash.unwrap_or(trimmed.len()),
            xml: !cdata,
            variable: false,
        });
    }
    if let (Some(frame), Some(resolved)) = (stack.get_mut(parent), resolved) {
        if frame.base.is_none() {
            frame.base = Some(resolved);
        }
    }
}

/// The base of an element whose ancestors are `stack`: the nearest `BaseURL`'s, or the
/// playlist's URL.
fn base_of<'s>(stack: &'s [Frame<'_>], playlist: &'s str) -> &'s str {
    stack
        .iter()
        .rev()
        .find_map(|f| f.base.as_deref())
        .unwrap_or(playlist)
}

/// The nearest `Representation`'s `id`.
fn representation_id<'s>(stack: &'s [Frame<'_>]) -> Option<&'s str> {
    stack
        .iter()
        .rev()
        .find(|f| f.local == "Representation")
        .and_then(|f| f.id.as_deref())
}

/// An attribute value or text with its references decoded (by xmlparser's reader of
/// references: the five predefined entities and character references), and the byte offset in
/// `raw` of the first `#` of the decoded text. An entity the DTD would declare, or a `&` that
/// starts no reference, is an error.
fn decode(raw: &str) -> Result<(Cow<'_, str>, Option<usize>), ()> {
    if !raw.contains('&') {
        return Ok((Cow::Borrowed(raw), raw.find('#')));
    }
    let mut out = String::with_capacity(raw.len());
    let mut hash = None;
    let mut at = 0usize;
    while let Some(amp) = raw.get(at..).and_then(|r| r.find('&')) {
        let literal = raw.get(at..at + amp).unwrap_or("");
        if hash.is_none() {
            hash = literal.find('#').map(|i| at + i);
        }
        out.push_str(literal);
        let reference_at = at + amp;
        let mut stream = Stream::from(raw.get(reference_at..).unwrap_or(""));
        match stream.try_consume_reference() {
            Some(Reference::Char(c)) => {
                if c == '#' && hash.is_none() {
                    hash = Some(reference_at);
                }
                out.push(c);
            }
            _ => return Err(()),
        }
        at = reference_at + stream.pos();
    }
    let literal = raw.get(at..).unwrap_or("");
    if hash.is_none() {
        hash = literal.find('#').map(|i| at + i);
    }
    out.push_str(literal);
    Ok((Cow::Owned(out), hash))
}

/// Line numbers of increasing byte offsets, counted once.
#[derive(Default)]
struct LineCounter {
    at: usize,
    line: usize,
}

impl LineCounter {
    fn line_at(&mut self, input: &str, offset: usize) -> usize {
        if offset >= self.at {
            let span = input.get(self.at..offset).unwrap_or("");
            self.line += span.bytes().filter(|&b| b == b'\n').count();
            self.at = offset;
        }
        self.line + 1
    }
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn references() {
        assert_eq!(
            decode("a?x=1&amp;y=2#f").map(|(s, h)| (s.into_owned(), h)),
            Ok(("a?x=1&y=2#f".into(), Some(13)))
        );
        assert_eq!(
            decode("a&#35;b").map(|(s, h)| (s.into_owned(), h)),
            Ok(("a#b".into(), Some(1)))
        );
        assert_eq!(
            decode("a&#x26;b#c").map(|(s, h)| (s.into_owned(), h)),
            Ok(("a&b#c".into(), Some(8)))
        );
        assert_eq!(decode("&custom;"), Err(()));
        assert_eq!(decode("a & b"), Err(()));
    }
}
