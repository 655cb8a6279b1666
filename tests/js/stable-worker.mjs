// The worker of stable.test.mjs, bundled with esbuild and run on workerd (miniflare): signs the
// posted URL with `expires: {in, roundTo, now}` as the package does there: RSA through the lite
// build's Signer (WebCrypto, without nodejs_compat), ECDSA through cfsign/full's deterministic
// Signer (RFC 6979, Rust's P-256); and reports what the lite build says to a deterministic ECDSA key.
import { Signer } from "cfsign";
import { Signer as FullSigner } from "cfsign/full";

export default {
  async fetch(request) {
    const { url, now, keyPairId, rsa, ec } = await request.json();
    const expires = { in: "1h", roundTo: "5m", now };
    const rsaSigner = await Signer.create({ keyPairId, privateKey: rsa });
    const ecSigner = FullSigner.createSync({ keyPairId, privateKey: ec, deterministic: true });
    let liteEcdsa = "signed";
    try {
      await Signer.create({ keyPairId, privateKey: ec, deterministic: true });
    } catch (e) {
      liteEcdsa = e.code;
    }
    return Response.json({
      rsa: await rsaSigner.getSignedUrl({ url, expires }),
      rsaNative: rsaSigner.native,
      ecdsa: ecSigner.getSignedUrlSync({ url, expires }),
      liteEcdsa,
    });
  },
};
