// The host crypto adapter for `node:crypto` (Node, Bun, Deno, and workerd with nodejs_compat):
// parse keys, sign, verify. Nothing else: every byte that is signed is prepared by the
// WebAssembly core, and every key is checked there by CloudFront's rules.

/** `crypto` is the `node:crypto` module; the adapter the core's `__installHostCrypto` takes. */
export function nodeHost(crypto) {
  const digest = (hash) => (hash === "SHA256" ? "sha256" : "sha1");
  const bytes = (view) => new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  return {
    privateKey: (pem, passphrase) =>
      crypto.createPrivateKey(passphrase === undefined ? pem : { key: pem, format: "pem", passphrase }),
    privateKeyDer: (der) => crypto.createPrivateKey({ key: der, format: "der", type: "pkcs8" }),
    pkcs8: (key) => bytes(key.export({ type: "pkcs8", format: "der" })),
    // Into `signature` (a view of the WebAssembly memory, as `message` is): no copy returned.
    sign: (key, hash, message, signature) => {
      const signed = crypto.sign(digest(hash), message, key);
      signature.set(signed);
      return signed.length;
    },
    publicKey: (spki) => crypto.createPublicKey({ key: spki, format: "der", type: "spki" }),
    verify: (key, hash, message, signature) => crypto.verify(digest(hash), message, key, signature),
  };
}
