//! Which HTTP answers are playlists, for a host that rewrites them in passing (an edge handler):
//! by the media type the answer declares, else by the extension of the request's path.
//!
//! - HLS (RFC 8216, section 4): a path ending in `.m3u8` or `.m3u`, or the media type
//!   `application/vnd.apple.mpegurl` or `audio/mpegurl`; also their widespread unregistered
//!   forms `application/x-mpegurl` and `audio/x-mpegurl`.
//! - DASH (ISO/IEC 23009-1, Annex C): a path ending in `.mpd`, or `application/dash+xml`.
//!
//! The rewriter ([`super::sign_playlist`]) still decides from the bytes what the playlist is:
//! this only says which answers to hand it.

use super::Format;

/// The playlist format an answer is served as: its `content_type` (parameters, case and spaces
/// ignored) when that names a playlist type, else the extension of `path` (its query and
/// fragment ignored, case ignored). `None` for anything else.
pub fn served_format(path: &str, content_type: Option<&str>) -> Option<Format> {
    if let Some(format) = content_type.and_then(format_of_media_type) {
        return Some(format);
    }
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e)
        .filter(|e| !e.contains('/'))?;
    if ext.eq_ignore_ascii_case("m3u8") || ext.eq_ignore_ascii_case("m3u") {
        Some(Format::Hls)
    } else if ext.eq_ignore_ascii_case("mpd") {
        Some(Format::Dash)
    } else {
        None
    }
}

fn format_of_media_type(content_type: &str) -> Option<Format> {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    const HLS: [&str; 4] = [
        "application/vnd.apple.mpegurl",
        "audio/mpegurl",
        "application/x-mpegurl",
        "audio/x-mpegurl",
    ];
    if HLS.iter().any(|t| essence.eq_ignore_ascii_case(t)) {
        Some(Format::Hls)
    } else if essence.eq_ignore_ascii_case("application/dash+xml") {
        Some(Format::Dash)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_extension_and_media_type() {
        let hls = Some(Format::Hls);
        let dash = Some(Format::Dash);
        assert_eq!(served_format("/v/master.m3u8", None), hls);
        assert_eq!(served_format("/v/MASTER.M3U8?x=1#f", None), hls);
        assert_eq!(served_format("/v/list.m3u", None), hls);
        assert_eq!(served_format("/v/manifest.mpd", Some("text/plain")), dash);
        assert_eq!(
            served_format("/v/manifest", Some("application/dash+xml; charset=utf-8")),
            dash
        );
        assert_eq!(
            served_format("/v/index", Some(" Application/VND.Apple.MPEGURL ")),
            hls
        );
        assert_eq!(served_format("/v/index", Some("audio/x-mpegurl")), hls);
        // The declared type wins over the extension.
        assert_eq!(
            served_format("/v/x.m3u8", Some("application/dash+xml")),
            dash
        );
        for (path, ct) in [
            ("/v/seg.ts", Some("video/mp2t")),
            ("/v/init.mp4", None),
            ("/v.m3u8/seg.ts", None),
            ("/v/m3u8", None),
            ("", None),
            ("/v/x.mpd.bak", Some("application/octet-stream")),
            ("/v/x", Some("application/dash+xmlx")),
        ] {
            assert_eq!(served_format(path, ct), None, "{path} {ct:?}");
        }
    }
}
