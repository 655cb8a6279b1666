//! Lambda@Edge's rules for a function that answers CloudFront's request events: which event
//! types may generate which answers, and the size limits CloudFront enforces on them.
//!
//! Sources (CloudFront Developer Guide): "Quotas on Lambda@Edge" (a generated response, headers
//! and body, of at most 40 KB at viewer request and 1 MB at origin request; a URI plus query
//! string of less than 8,192 characters; a request body exposed with "include body" cut at 40 KB at
//! viewer request and 1 MB at origin request), "Generating HTTP responses in request triggers"
//! (a response generated at viewer request is not cached; one generated at origin request is
//! cached like an origin's answer), "Lambda@Edge event structure" (the `eventType` values).
//!
//! What follows from them here: CloudFront signed cookies and signed URLs are minted only at
//! viewer request, since an answer generated at origin request is cached and replayed to other
//! viewers (their cookies or URLs with it). The guard (verify, then let CloudFront go on) runs
//! only at viewer request too: CloudFront runs origin-request functions only on a cache miss, so
//! once one allowed request is cached, later requests (unsigned, expired, from an IP outside the
//! policy) would be served from the cache without being checked. Where every request must be
//! checked after the cache, the behavior's own trusted key groups do it.
//!
//! Of the response events, only origin-response replaces a body here: a signed playlist (issue
//! 27), whose replaced answer CloudFront caches like the origin's ("Updating HTTP responses in
//! origin response triggers": the origin's body is not shown to the function, which may set a new
//! one; at most 1 MB, the origin events' size of a response a function generates, headers and body).
//! It is safe to cache because its signatures expire at a bucketed time, the same for every
//! viewer of the bucket. Viewer-response does nothing.

/// The longest URI plus query string a function may see or set, in characters: the guide's "less
/// than 8,192 characters".
pub const MAX_URI_AND_QUERY_CHARS: usize = 8191;

/// A Lambda@Edge trigger, as `Records[0].cf.config.eventType` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventType {
    /// `viewer-request`: before CloudFront's cache; a generated response is not cached.
    ViewerRequest,
    /// `origin-request`: on a cache miss; a generated response is cached.
    OriginRequest,
    /// `origin-response`.
    OriginResponse,
    /// `viewer-response`.
    ViewerResponse,
}

/// What a function may do at one event type, and CloudFront's limits there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventRules {
    /// Whether signed cookies or URLs may be minted: viewer request only (never cached).
    pub minting: bool,
    /// Whether a request may be verified and then let through: viewer request only (the one
    /// request event CloudFront runs for every request, cached or not).
    pub guard: bool,
    /// The largest response the function may generate (headers and body), in bytes; 0 where
    /// the event is not a request event.
    pub max_response_bytes: usize,
    /// Where a request body is exposed ("include body"), its largest size before CloudFront cuts
    /// it, in bytes; 0 where the event has no request body.
    pub max_body_bytes: usize,
    /// [`MAX_URI_AND_QUERY_CHARS`].
    pub max_uri_and_query_chars: usize,
    /// Whether the origin's playlist may be replaced by its signed rewrite (the body fetched from
    /// the origin again: the event does not carry it): origin-response only, whose answer is
    /// cached like the origin's.
    pub playlists: bool,
}

const KB: usize = 1024;

impl EventType {
    /// The event type `eventType` names, or `None` for any other text.
    pub fn parse(event_type: &str) -> Option<Self> {
        match event_type {
            "viewer-request" => Some(Self::ViewerRequest),
            "origin-request" => Some(Self::OriginRequest),
            "origin-response" => Some(Self::OriginResponse),
            "viewer-response" => Some(Self::ViewerResponse),
            _ => None,
        }
    }

    /// What a function may do at this event, and the limits there.
    pub fn rules(self) -> EventRules {
        let (minting, guard, max_response_bytes, max_body_bytes) = match self {
            Self::ViewerRequest => (true, true, 40 * KB, 40 * KB),
            Self::OriginRequest => (false, false, KB * KB, KB * KB),
            Self::OriginResponse => (false, false, KB * KB, 0),
            Self::ViewerResponse => (false, false, 0, 0),
        };
        EventRules {
            minting,
            guard,
            max_response_bytes,
            max_body_bytes,
            max_uri_and_query_chars: MAX_URI_AND_QUERY_CHARS,
            playlists: self == Self::OriginResponse,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viewer_request_mints_within_40_kb() {
        let r = EventType::parse("viewer-request").map(EventType::rules);
        assert_eq!(
            r,
            Some(EventRules {
                minting: true,
                guard: true,
                max_response_bytes: 40_960,
                max_body_bytes: 40_960,
                max_uri_and_query_chars: 8191,
                playlists: false,
            })
        );
    }

    #[test]
    fn origin_request_neither_mints_nor_guards() {
        // Run only on a cache miss: a guard there would let cached answers through unchecked.
        let r = EventType::OriginRequest.rules();
        assert!(!r.minting && !r.guard);
        assert_eq!(
            (r.max_response_bytes, r.max_body_bytes),
            (1_048_576, 1_048_576)
        );
    }

    #[test]
    fn origin_response_rewrites_playlists_within_1_mb_and_viewer_response_nothing() {
        let r = EventType::OriginResponse.rules();
        assert_eq!(
            (r.minting, r.guard, r.playlists, r.max_response_bytes),
            (false, false, true, 1_048_576)
        );
        let r = EventType::ViewerResponse.rules();
        assert_eq!(
            (r.minting, r.guard, r.playlists, r.max_response_bytes),
            (false, false, false, 0)
        );
        for t in [EventType::ViewerRequest, EventType::OriginRequest] {
            assert!(!t.rules().playlists);
        }
    }

    #[test]
    fn unknown_names_are_no_event() {
        for name in ["", "Viewer-Request", "viewer-request ", "origin_request"] {
            assert_eq!(EventType::parse(name), None);
        }
    }
}
