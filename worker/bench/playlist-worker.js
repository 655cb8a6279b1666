// The workerd side of `make bench`'s playlist step (bench/playlist.mjs): GET /rewrite rewrites a
// 10,000-segment HLS playlist with cfsign/full's signPlaylist (one signed query, given in env);
// GET /sdk-each?n=N signs N segment URLs one by one with @aws-sdk/cloudfront-signer (nodejs_compat:
// the alternative, one signature per segment); GET /floor is workerd's own cost of a request.

import { signPlaylist } from "cfsign/full";
import { getSignedUrl } from "@aws-sdk/cloudfront-signer";

const BASE = "https://d111111abcdef8.cloudfront.net/videos/123/index.m3u8";
let playlist = null;

function build(segments) {
  const lines = ["#EXTM3U", "#EXT-X-VERSION:7", "#EXT-X-TARGETDURATION:4", '#EXT-X-MAP:URI="init.mp4"', '#EXT-X-KEY:METHOD=AES-128,URI="key.bin"'];
  for (let i = 0; i < segments; i++) lines.push("#EXTINF:4.000,", `segment_${String(i).padStart(5, "0")}.m4s`);
  lines.push("#EXT-X-ENDLIST", "");
  return lines.join("\n");
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/floor") return new Response("0");
    if (url.pathname === "/rewrite") {
      playlist ??= build(10000);
      const r = signPlaylist(playlist, { baseUrl: BASE, signedQuery: env.QUERY });
      return new Response(`${r.rewritten} ${r.text.length}`);
    }
    if (url.pathname === "/sdk-each") {
      const n = Number(url.searchParams.get("n"));
      let bytes = 0;
      for (let i = 0; i < n; i++) {
        bytes += getSignedUrl({ url: `https://d111111abcdef8.cloudfront.net/videos/123/segment_${i}.m4s`, keyPairId: "K2JCJMDEHXQW5F", privateKey: env.PRIVATE_KEY, dateLessThan: "2030-01-01" }).length;
      }
      return new Response(String(bytes));
    }
    return new Response("not found", { status: 404 });
  },
};
