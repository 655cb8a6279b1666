#!/usr/bin/env bash
# The test stream of `make test-video`, made by Debian's ffmpeg once and cached in
# target/video/<hash of this script>/ (a change here makes a new one): 6 s of H.264 (Constrained
# Baseline, avc1.42E01E) and AAC-LC (mp4a.40.2), encoded once in two renditions, then packaged
# without re-encoding as
#   hls/master.m3u8, hls/stream_0/ and hls/stream_1/ (media playlists, fMP4 segments with
#   EXT-X-MAP, every segment AES-128 encrypted: EXT-X-KEY with URI "../key.bin")
#   dash/manifest.mpd (SegmentTemplate, the same two renditions and the audio)
# Prints the folder. About 100 KB in all.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
command -v ffmpeg >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ffmpeg) >&2
HASH="$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-16)"
OUT="$ROOT/target/video/$HASH"
if [ -f "$OUT/done" ]; then echo "$OUT"; exit 0; fi
rm -rf "$ROOT/target/video" && mkdir -p "$OUT/hls" "$OUT/dash"
cd "$OUT"
FF=(ffmpeg -hide_banner -loglevel error -y)
# The source: a test pattern and a tone, 6 s, encoded once as two renditions in one MP4.
"${FF[@]}" -f lavfi -i "testsrc2=size=320x180:rate=25:duration=6" -f lavfi -i "sine=frequency=440:sample_rate=44100:duration=6" \
  -filter_complex "[0:v]split=2[a][b];[b]scale=160:90[small]" \
  -map "[a]" -map "[small]" -map 1:a -map 1:a \
  -c:v libx264 -profile:v baseline -level:v 3.0 -pix_fmt yuv420p -preset veryfast -x264-params keyint=50:min-keyint=50:scenecut=0 \
  -b:v:0 150k -b:v:1 60k -c:a aac -b:a 48k -ac 1 source.mp4
# AES-128: a fixed key and IV (a test stream: the key is the point of the test, not a secret).
printf '0123456789abcdef' > hls/key.bin
IV=000102030405060708090a0b0c0d0e0f
"${FF[@]}" -i source.mp4 -map 0:v:0 -map 0:a:0 -map 0:v:1 -map 0:a:1 -c copy \
  -f hls -hls_time 2 -hls_playlist_type vod -hls_segment_type fmp4 \
  -hls_fmp4_init_filename init.mp4 -hls_segment_filename "hls/stream_%v/seg_%d.m4s" \
  -master_pl_name master.m3u8 -var_stream_map "v:0,a:0 v:1,a:1" "hls/stream_%v/playlist.m3u8"
"${FF[@]}" -i source.mp4 -map 0:v:0 -map 0:v:1 -map 0:a:0 -c copy \
  -f dash -seg_duration 2 -use_template 1 -use_timeline 1 -adaptation_sets "id=0,streams=v id=1,streams=a" \
  -init_seg_name 'init_$RepresentationID$.m4s' -media_seg_name 'seg_$RepresentationID$_$Number$.m4s' dash/manifest.mpd
# Debian's ffmpeg (5.1) refuses -hls_key_info_file with fMP4 ("Encrypted fmp4 not yet
# supported"), so the media segments are encrypted here as its TS muxer would: AES-128-CBC with
# PKCS#7 padding over the whole segment (RFC 8216 5.2), and each media playlist gets the
# EXT-X-KEY after its EXT-X-MAP (the init segment stays clear).
for seg in hls/stream_*/seg_*.m4s; do
  openssl enc -aes-128-cbc -K "$(od -An -tx1 hls/key.bin | tr -d " \n")" -iv "$IV" -in "$seg" -out "$seg.enc" && mv "$seg.enc" "$seg"
done
for pl in hls/stream_*/playlist.m3u8; do
  sed -i "/^#EXT-X-MAP:/a #EXT-X-KEY:METHOD=AES-128,URI=\"../key.bin\",IV=0x$IV" "$pl"
done
rm -f source.mp4
touch done
echo "$OUT"
