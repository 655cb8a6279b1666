var __defProp = Object.defineProperty;
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};

// pkg/cfsign.js
var KeyGroup = class {
  __destroy_into_raw() {
    const ptr = this.__wbg_ptr;
    this.__wbg_ptr = 0;
    KeyGroupFinalization.unregister(this);
    return ptr;
  }
  free() {
    const ptr = this.__destroy_into_raw();
    wasm.__wbg_keygroup_free(ptr, 0);
  }
  /**
   * The handle `verifySignedUrl` finds this key group by.
   * @returns {number}
   */
  get __cfsignHandle() {
    const ret = wasm.keygroup___cfsignHandle(this.__wbg_ptr);
    return ret >>> 0;
  }
  /**
   * Adds (or replaces) a public key: its ID and SPKI PEM (`BEGIN PUBLIC KEY`).
   * @param {string} id
   * @param {string} pem
   */
  add(id, pem2) {
    let ptr0, len0, ptr1, len1;
    try {
      ptr0 = passStringToWasm0(id, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
      len0 = WASM_VECTOR_LEN;
      ptr1 = passStringToWasm0(pem2, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
      len1 = WASM_VECTOR_LEN;
    } catch (e) {
      if (ptr1) {
        wasm.__wbindgen_free(ptr1, len1 * 1, 1);
      }
      if (ptr0) {
        wasm.__wbindgen_free(ptr0, len0 * 1, 1);
      }
      throw e;
    }
    const ret = wasm.keygroup_add(this.__wbg_ptr, ptr0, len0, ptr1, len1);
    if (ret[1]) {
      throw takeFromExternrefTable0(ret[0]);
    }
  }
  /**
   * The key IDs.
   * @returns {string[]}
   */
  get ids() {
    const ret = wasm.keygroup_ids(this.__wbg_ptr);
    return ret;
  }
  /**
   * An empty key group.
   */
  constructor() {
    const ret = wasm.keygroup_new();
    this.__wbg_ptr = ret;
    KeyGroupFinalization.register(this, this.__wbg_ptr, this);
    return this;
  }
  /**
   * Removes a key; whether it was there.
   * @param {string} id
   * @returns {boolean}
   */
  remove(id) {
    const ptr0 = passStringToWasm0(id, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    const ret = wasm.keygroup_remove(this.__wbg_ptr, ptr0, len0);
    return ret !== 0;
  }
  /**
   * The number of keys.
   * @returns {number}
   */
  get size() {
    const ret = wasm.keygroup_size(this.__wbg_ptr);
    return ret >>> 0;
  }
};
if (Symbol.dispose) KeyGroup.prototype[Symbol.dispose] = KeyGroup.prototype.free;
var Signer = class _Signer {
  static __wrap(ptr) {
    const obj = Object.create(_Signer.prototype);
    obj.__wbg_ptr = ptr;
    SignerFinalization.register(obj, obj.__wbg_ptr, obj);
    return obj;
  }
  __destroy_into_raw() {
    const ptr = this.__wbg_ptr;
    this.__wbg_ptr = 0;
    SignerFinalization.unregister(this);
    return ptr;
  }
  free() {
    const ptr = this.__destroy_into_raw();
    wasm.__wbg_signer_free(ptr, 0);
  }
  /**
   * `"SHA1"` or `"SHA256"`.
   * @returns {string}
   */
  get algorithm() {
    let deferred1_0;
    let deferred1_1;
    try {
      const ret = wasm.signer_algorithm(this.__wbg_ptr);
      deferred1_0 = ret[0];
      deferred1_1 = ret[1];
      return getStringFromWasm0(ret[0], ret[1]);
    } finally {
      wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
    }
  }
  /**
   * Parses the key for the Rust signer only (for hosts without WebCrypto).
   * @param {SignerOptions} options
   * @returns {Signer}
   */
  static createSync(options) {
    const ret = wasm.signer_createSync(options);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return _Signer.__wrap(ret[0]);
  }
  /**
   * Parses the key and, unless `native: false`, imports it into WebCrypto once.
   * @param {SignerOptions} options
   * @returns {Promise<Signer>}
   */
  static create(options) {
    const ret = wasm.signer_create(options);
    return ret;
  }
  /**
   * Signs cookies with the Rust signer, synchronously.
   * @param {SignerSignInput} options
   * @returns {CloudfrontSignedCookiesOutput}
   */
  getSignedCookiesSync(options) {
    const ret = wasm.signer_getSignedCookiesSync(this.__wbg_ptr, options);
    if (ret[2]) {
      throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
  }
  /**
   * Signs cookies (options as `getSignedCookies`, without the key).
   * @param {SignerSignInput} options
   * @returns {Promise<CloudfrontSignedCookiesOutput>}
   */
  getSignedCookies(options) {
    const ret = wasm.signer_getSignedCookies(this.__wbg_ptr, options);
    return ret;
  }
  /**
   * Signs a URL with the Rust signer, synchronously.
   * @param {SignerSignInput} options
   * @returns {string}
   */
  getSignedUrlSync(options) {
    let deferred2_0;
    let deferred2_1;
    try {
      const ret = wasm.signer_getSignedUrlSync(this.__wbg_ptr, options);
      var ptr1 = ret[0];
      var len1 = ret[1];
      if (ret[3]) {
        ptr1 = 0;
        len1 = 0;
        throw takeFromExternrefTable0(ret[2]);
      }
      deferred2_0 = ptr1;
      deferred2_1 = len1;
      return getStringFromWasm0(ptr1, len1);
    } finally {
      wasm.__wbindgen_free(deferred2_0, deferred2_1, 1);
    }
  }
  /**
   * Signs a URL (options as `getSignedUrl`, without the key): same bytes as the drop-in.
   * @param {SignerSignInput} options
   * @returns {Promise<string>}
   */
  getSignedUrl(options) {
    const ret = wasm.signer_getSignedUrl(this.__wbg_ptr, options);
    return ret;
  }
  /**
   * The key ID.
   * @returns {string}
   */
  get keyPairId() {
    let deferred1_0;
    let deferred1_1;
    try {
      const ret = wasm.signer_keyPairId(this.__wbg_ptr);
      deferred1_0 = ret[0];
      deferred1_1 = ret[1];
      return getStringFromWasm0(ret[0], ret[1]);
    } finally {
      wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
    }
  }
  /**
   * `"RSA"` or `"ECDSA P-256"`.
   * @returns {string}
   */
  get keyType() {
    let deferred1_0;
    let deferred1_1;
    try {
      const ret = wasm.signer_keyType(this.__wbg_ptr);
      deferred1_0 = ret[0];
      deferred1_1 = ret[1];
      return getStringFromWasm0(ret[0], ret[1]);
    } finally {
      wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
    }
  }
  /**
   * Whether signatures are made by the host's WebCrypto.
   * @returns {boolean}
   */
  get native() {
    const ret = wasm.signer_native(this.__wbg_ptr);
    return ret !== 0;
  }
};
if (Symbol.dispose) Signer.prototype[Symbol.dispose] = Signer.prototype.free;
function verifySignedUrl(url, options) {
  const ptr0 = passStringToWasm0(url, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
  const len0 = WASM_VECTOR_LEN;
  const ret = wasm.verifySignedUrl(ptr0, len0, options);
  if (ret[2]) {
    throw takeFromExternrefTable0(ret[1]);
  }
  return takeFromExternrefTable0(ret[0]);
}
function version() {
  let deferred1_0;
  let deferred1_1;
  try {
    const ret = wasm.version();
    deferred1_0 = ret[0];
    deferred1_1 = ret[1];
    return getStringFromWasm0(ret[0], ret[1]);
  } finally {
    wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
  }
}
function __wbg_get_imports() {
  const import0 = {
    __proto__: null,
    __wbg_Error_208446807d0d1e30: function(arg0, arg1) {
      const ret = Error(getStringFromWasm0(arg0, arg1));
      return ret;
    },
    __wbg___wbindgen_is_falsy_d864b623500ae65d: function(arg0) {
      const ret = !arg0;
      return ret;
    },
    __wbg___wbindgen_is_function_741ff2bb612836f5: function(arg0) {
      const ret = typeof arg0 === "function";
      return ret;
    },
    __wbg___wbindgen_is_null_c22311b1cc228e3a: function(arg0) {
      const ret = arg0 === null;
      return ret;
    },
    __wbg___wbindgen_is_object_8b968c3ab8e96595: function(arg0) {
      const val = arg0;
      const ret = typeof val === "object" && val !== null;
      return ret;
    },
    __wbg___wbindgen_is_undefined_be5b34249ff1fc15: function(arg0) {
      const ret = arg0 === void 0;
      return ret;
    },
    __wbg___wbindgen_number_get_934b640d0889af78: function(arg0, arg1) {
      const obj = arg1;
      const ret = typeof obj === "number" ? obj : void 0;
      getDataViewMemory0().setFloat64((arg0 >>> 0) + 8 * 1, isLikeNone(ret) ? 0 : ret, true);
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, !isLikeNone(ret), true);
    },
    __wbg___wbindgen_string_get_7ce8eee7fd327545: function(arg0, arg1) {
      const obj = arg1;
      const ret = typeof obj === "string" ? obj : void 0;
      var ptr1 = isLikeNone(ret) ? 0 : passStringToWasm0(ret, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
      var len1 = WASM_VECTOR_LEN;
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
    },
    __wbg___wbindgen_throw_4c88d8bf264fd984: function(arg0, arg1) {
      throw new Error(getStringFromWasm0(arg0, arg1));
    },
    __wbg__wbg_cb_unref_09736879a3f67559: function(arg0) {
      arg0._wbg_cb_unref();
    },
    __wbg_apply_bfe2b07b146427e2: function() {
      return handleError(function(arg0, arg1, arg2) {
        const ret = arg0.apply(arg1, arg2);
        return ret;
      }, arguments);
    },
    __wbg_call_a410eb4b59ed5965: function() {
      return handleError(function(arg0, arg1, arg2) {
        const ret = arg0.call(arg1, arg2);
        return ret;
      }, arguments);
    },
    __wbg_getTime_edc91481cbc4cd78: function(arg0) {
      const ret = arg0.getTime();
      return ret;
    },
    __wbg_get_2080c49015e35254: function() {
      return handleError(function(arg0, arg1) {
        const ret = Reflect.get(arg0, arg1);
        return ret;
      }, arguments);
    },
    __wbg_instanceof_Promise_59148c6049d0e3a0: function(arg0) {
      let result;
      try {
        result = arg0 instanceof Promise;
      } catch (_) {
        result = false;
      }
      const ret = result;
      return ret;
    },
    __wbg_instanceof_Uint8Array_d7aeb0dcb3108fea: function(arg0) {
      let result;
      try {
        result = arg0 instanceof Uint8Array;
      } catch (_) {
        result = false;
      }
      const ret = result;
      return ret;
    },
    __wbg_length_186163212ffe79c3: function(arg0) {
      const ret = arg0.length;
      return ret;
    },
    __wbg_new_13de428334042d26: function(arg0) {
      const ret = new Uint8Array(arg0);
      return ret;
    },
    __wbg_new_37eb45aaf5eeb820: function() {
      const ret = new Array();
      return ret;
    },
    __wbg_new_3e95cd7386bb9a6c: function(arg0) {
      const ret = new Date(arg0);
      return ret;
    },
    __wbg_new_787b9fb330d55d78: function(arg0, arg1) {
      const ret = new Error(getStringFromWasm0(arg0, arg1));
      return ret;
    },
    __wbg_new_cd4348290afae586: function() {
      const ret = new Object();
      return ret;
    },
    __wbg_new_from_slice_b8daf545a41c6aa0: function(arg0, arg1) {
      const ret = new Uint8Array(getArrayU8FromWasm0(arg0, arg1));
      return ret;
    },
    __wbg_new_typed_e09da9dae6ee5935: function(arg0, arg1) {
      try {
        var state0 = { a: arg0, b: arg1 };
        var cb0 = (arg02, arg12) => {
          const a = state0.a;
          state0.a = 0;
          try {
            return wasm_bindgen__convert__closures_____invoke__h041c3f1f58108970(a, state0.b, arg02, arg12);
          } finally {
            state0.a = a;
          }
        };
        const ret = new Promise(cb0);
        return ret;
      } finally {
        state0.a = 0;
      }
    },
    __wbg_now_463ac581d2fc7ea3: function() {
      const ret = Date.now();
      return ret;
    },
    __wbg_of_027eb15371aac932: function(arg0) {
      const ret = Array.of(arg0);
      return ret;
    },
    __wbg_of_4cc373bef1f715a4: function(arg0, arg1, arg2) {
      const ret = Array.of(arg0, arg1, arg2);
      return ret;
    },
    __wbg_of_c39e96925d701310: function(arg0, arg1, arg2, arg3, arg4) {
      const ret = Array.of(arg0, arg1, arg2, arg3, arg4);
      return ret;
    },
    __wbg_parse_c3f72b5a24f83c01: function() {
      return handleError(function(arg0, arg1) {
        const ret = JSON.parse(getStringFromWasm0(arg0, arg1));
        return ret;
      }, arguments);
    },
    __wbg_prototypesetcall_13162965d1fe7aa3: function(arg0, arg1, arg2) {
      Uint8Array.prototype.set.call(getArrayU8FromWasm0(arg0, arg1), arg2);
    },
    __wbg_push_c9f4893fc209f768: function(arg0, arg1) {
      const ret = arg0.push(arg1);
      return ret;
    },
    __wbg_queueMicrotask_1e8503a8a690f0a3: function(arg0) {
      const ret = arg0.queueMicrotask;
      return ret;
    },
    __wbg_queueMicrotask_4a1a4d8dd332373b: function(arg0) {
      queueMicrotask(arg0);
    },
    __wbg_resolve_dbf78ab4942478b0: function(arg0) {
      const ret = Promise.resolve(arg0);
      return ret;
    },
    __wbg_set_2793479888329cb6: function() {
      return handleError(function(arg0, arg1, arg2) {
        const ret = Reflect.set(arg0, arg1, arg2);
        return ret;
      }, arguments);
    },
    __wbg_signer_new: function(arg0) {
      const ret = Signer.__wrap(arg0);
      return ret;
    },
    __wbg_static_accessor_GLOBAL_THIS_003ee833af9699fc: function() {
      const ret = typeof globalThis === "undefined" ? void 0 : globalThis;
      return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
    },
    __wbg_static_accessor_GLOBAL_e4293fb22cbe77da: function() {
      const ret = typeof global === "undefined" ? void 0 : global;
      return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
    },
    __wbg_static_accessor_SELF_53bb20457401453d: function() {
      const ret = typeof self === "undefined" ? void 0 : self;
      return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
    },
    __wbg_static_accessor_WINDOW_b5e0810bfecb7feb: function() {
      const ret = typeof window === "undefined" ? void 0 : window;
      return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
    },
    __wbg_then_656f253a5dd7d8ea: function(arg0, arg1, arg2) {
      const ret = arg0.then(arg1, arg2);
      return ret;
    },
    __wbg_then_e3f7f2d365708be8: function(arg0, arg1) {
      const ret = arg0.then(arg1);
      return ret;
    },
    __wbindgen_generic_0000000000000001: function(arg0, arg1) {
      const ret = makeMutClosure(arg0, arg1, wasm_bindgen__convert__closures_____invoke__hf56b1281eb4bdf2c);
      return ret;
    },
    __wbindgen_generic_0000000000000002: function(arg0) {
      const ret = arg0;
      return ret;
    },
    __wbindgen_generic_0000000000000003: function(arg0, arg1) {
      const ret = getStringFromWasm0(arg0, arg1);
      return ret;
    },
    __wbindgen_init_externref_table: function() {
      const table2 = wasm.__wbindgen_externrefs;
      table2.set(0, void 0);
      table2.set(1024, void 0);
      table2.set(1025, null);
      table2.set(1026, true);
      table2.set(1027, false);
    }
  };
  return {
    __proto__: null,
    "./cfsign_bg.js": import0
  };
}
function wasm_bindgen__convert__closures_____invoke__hf56b1281eb4bdf2c(arg0, arg1, arg2) {
  const ret = wasm.wasm_bindgen__convert__closures_____invoke__hf56b1281eb4bdf2c(arg0, arg1, arg2);
  if (ret[1]) {
    throw takeFromExternrefTable0(ret[0]);
  }
}
function wasm_bindgen__convert__closures_____invoke__h041c3f1f58108970(arg0, arg1, arg2, arg3) {
  wasm.wasm_bindgen__convert__closures_____invoke__h041c3f1f58108970(arg0, arg1, arg2, arg3);
}
var KeyGroupFinalization = typeof FinalizationRegistry === "undefined" ? { register: () => {
}, unregister: () => {
} } : new FinalizationRegistry((ptr) => wasm.__wbg_keygroup_free(ptr, 1));
var SignerFinalization = typeof FinalizationRegistry === "undefined" ? { register: () => {
}, unregister: () => {
} } : new FinalizationRegistry((ptr) => wasm.__wbg_signer_free(ptr, 1));
function addToExternrefTable0(obj) {
  const idx = wasm.__externref_table_alloc();
  wasm.__wbindgen_externrefs.set(idx, obj);
  return idx;
}
var CLOSURE_DTORS = typeof FinalizationRegistry === "undefined" ? { register: () => {
}, unregister: () => {
} } : new FinalizationRegistry((state) => wasm.__wbindgen_destroy_closure(state.a, state.b));
function getArrayU8FromWasm0(ptr, len) {
  ptr = ptr >>> 0;
  return getUint8ArrayMemory0().subarray(ptr / 1, ptr / 1 + len);
}
var cachedDataViewMemory0 = null;
function getDataViewMemory0() {
  if (cachedDataViewMemory0 === null || cachedDataViewMemory0.buffer.detached === true || cachedDataViewMemory0.buffer.detached === void 0 && cachedDataViewMemory0.buffer !== wasm.memory.buffer) {
    cachedDataViewMemory0 = new DataView(wasm.memory.buffer);
  }
  return cachedDataViewMemory0;
}
function getStringFromWasm0(ptr, len) {
  ptr = ptr >>> 0;
  return decodeText(getUint8ArrayMemory0().subarray(ptr, ptr + len));
}
var cachedUint8ArrayMemory0 = null;
function getUint8ArrayMemory0() {
  if (cachedUint8ArrayMemory0 === null || cachedUint8ArrayMemory0.byteLength === 0) {
    cachedUint8ArrayMemory0 = new Uint8Array(wasm.memory.buffer);
  }
  return cachedUint8ArrayMemory0;
}
function handleError(f, args) {
  try {
    return f.apply(this, args);
  } catch (e) {
    const idx = addToExternrefTable0(e);
    wasm.__wbindgen_exn_store(idx);
  }
}
function isLikeNone(x) {
  return x === void 0 || x === null;
}
function makeMutClosure(arg0, arg1, f) {
  const state = { a: arg0, b: arg1, cnt: 1 };
  const real = (...args) => {
    state.cnt++;
    const a = state.a;
    state.a = 0;
    try {
      return f(a, state.b, ...args);
    } finally {
      state.a = a;
      real._wbg_cb_unref();
    }
  };
  real._wbg_cb_unref = () => {
    if (--state.cnt === 0) {
      wasm.__wbindgen_destroy_closure(state.a, state.b);
      state.a = 0;
      CLOSURE_DTORS.unregister(state);
    }
  };
  CLOSURE_DTORS.register(real, state, state);
  return real;
}
function passStringToWasm0(arg, malloc, realloc) {
  if (realloc === void 0) {
    const buf = cachedTextEncoder.encode(arg);
    const ptr2 = malloc(buf.length, 1) >>> 0;
    getUint8ArrayMemory0().subarray(ptr2, ptr2 + buf.length).set(buf);
    WASM_VECTOR_LEN = buf.length;
    return ptr2;
  }
  let len = arg.length;
  let ptr = malloc(len, 1) >>> 0;
  const mem = getUint8ArrayMemory0();
  let offset = 0;
  for (; offset < len; offset++) {
    const code = arg.charCodeAt(offset);
    if (code > 127) break;
    mem[ptr + offset] = code;
  }
  if (offset !== len) {
    if (offset !== 0) {
      arg = arg.slice(offset);
    }
    ptr = realloc(ptr, len, len = offset + arg.length * 3, 1) >>> 0;
    const view = getUint8ArrayMemory0().subarray(ptr + offset, ptr + len);
    const ret = cachedTextEncoder.encodeInto(arg, view);
    offset += ret.written;
    ptr = realloc(ptr, len, offset, 1) >>> 0;
  }
  WASM_VECTOR_LEN = offset;
  return ptr;
}
function takeFromExternrefTable0(idx) {
  const value = wasm.__wbindgen_externrefs.get(idx);
  wasm.__externref_table_dealloc(idx);
  return value;
}
var cachedTextDecoder = new TextDecoder("utf-8", { ignoreBOM: true });
cachedTextDecoder.decode();
var MAX_SAFARI_DECODE_BYTES = 2146435072;
var numBytesDecoded = 0;
function decodeText(bytes) {
  numBytesDecoded += bytes.length;
  if (numBytesDecoded >= MAX_SAFARI_DECODE_BYTES) {
    cachedTextDecoder = new TextDecoder("utf-8", { ignoreBOM: true });
    cachedTextDecoder.decode();
    numBytesDecoded = bytes.length;
  }
  return cachedTextDecoder.decode(bytes);
}
var cachedTextEncoder = new TextEncoder();
if (!("encodeInto" in cachedTextEncoder)) {
  cachedTextEncoder.encodeInto = function(arg, view) {
    const buf = cachedTextEncoder.encode(arg);
    view.set(buf);
    return {
      read: arg.length,
      written: buf.length
    };
  };
}
var WASM_VECTOR_LEN = 0;
var wasmModule;
var wasmInstance;
var wasm;
function __wbg_finalize_init(instance, module) {
  wasmInstance = instance;
  wasm = instance.exports;
  wasmModule = module;
  cachedDataViewMemory0 = null;
  cachedUint8ArrayMemory0 = null;
  wasm.__wbindgen_start();
  return wasm;
}
function initSync(module) {
  if (wasm !== void 0) return wasm;
  if (module !== void 0) {
    if (Object.getPrototypeOf(module) === Object.prototype) {
      ({ module } = module);
    } else {
      console.warn("using deprecated parameters for `initSync()`; pass a single object instead");
    }
  }
  const imports = __wbg_get_imports();
  if (!(module instanceof WebAssembly.Module)) {
    module = new WebAssembly.Module(module);
  }
  const instance = new WebAssembly.Instance(module, imports);
  return __wbg_finalize_init(instance, module);
}

// src/index.js
import wasmModule2 from "../pkg/cfsign_bg.wasm";

// src/match.js
function resourceMatches(pattern, url) {
  if (pattern === "*") return true;
  const p = patternSections(pattern);
  if (!p) return glob(pattern, url);
  const u = urlSections(url);
  if (!u) return false;
  return glob(p.protocol, u.protocol) && glob(p.domain, u.domain) && glob(p.path, u.path) && (p.query !== null ? glob(p.query, u.query ?? "") : u.query === null);
}
function patternSections(pattern) {
  let protocol;
  let rest;
  const i = pattern.indexOf("://");
  if (i >= 0) {
    protocol = pattern.slice(0, i);
    rest = pattern.slice(i + 3);
  } else if (pattern.startsWith("*")) {
    protocol = "*";
    rest = pattern;
  } else {
    return null;
  }
  let domainEnd = rest.search(/[/?\\]/);
  if (domainEnd < 0) domainEnd = rest.length;
  const domain = rest.slice(0, domainEnd);
  rest = rest.slice(domainEnd);
  if (rest === "" && domain.endsWith("*")) {
    return { protocol, domain, path: "/*", query: "*" };
  }
  let path;
  let query;
  const esc = rest.indexOf("\\?");
  if (esc >= 0) {
    path = rest.slice(0, esc);
    query = rest.slice(esc + 2);
  } else {
    const q = rest.indexOf("?");
    path = q >= 0 ? rest.slice(0, q) : rest;
    query = q >= 0 ? rest.slice(q + 1) : null;
  }
  if (path === "") path = "/";
  if (query === null && path.endsWith("*")) query = "*";
  return { protocol, domain, path, query };
}
function urlSections(url) {
  const i = url.indexOf("://");
  if (i < 0) return null;
  const protocol = url.slice(0, i);
  let rest = url.slice(i + 3);
  let domainEnd = rest.search(/[/?]/);
  if (domainEnd < 0) domainEnd = rest.length;
  const domain = rest.slice(0, domainEnd);
  rest = rest.slice(domainEnd);
  const q = rest.indexOf("?");
  let path = q >= 0 ? rest.slice(0, q) : rest;
  const query = q >= 0 ? rest.slice(q + 1) : null;
  if (path === "") path = "/";
  return { protocol, domain, path, query };
}
function glob(p, t) {
  let pi = 0;
  let ti = 0;
  let starP = -1;
  let starT = -1;
  while (ti < t.length) {
    const c = p[pi];
    let step = 0;
    if (c === "*") {
      starP = pi + 1;
      starT = ti;
      pi += 1;
      continue;
    } else if (c === "\\" && p[pi + 1] === "?") {
      step = t[ti] === "?" ? 2 : 0;
    } else if (c === "?") {
      step = 1;
    } else if (c !== void 0 && c === t[ti]) {
      step = 1;
    }
    if (step) {
      pi += step;
      ti += 1;
    } else if (starP >= 0) {
      pi = starP;
      starT += 1;
      ti = starT;
    } else {
      return false;
    }
  }
  while (p[pi] === "*") pi += 1;
  return pi === p.length;
}
function cookiePathOf(pattern) {
  const s = patternSections(pattern);
  if (!s || /[*?]/.test(s.domain) || /[*?]/.test(s.protocol)) return "/";
  const w = s.path.search(/[*?\\]/);
  const literal = w >= 0 ? s.path.slice(0, w) : s.path;
  const slash = literal.lastIndexOf("/");
  return slash >= 0 ? literal.slice(0, slash + 1) : "/";
}

// src/config.js
var ConfigError = class extends Error {
  /** @param {string} setting the env name; @param {string} problem what is wrong, no value */
  constructor(setting, problem) {
    super(`${setting}: ${problem}`);
    this.name = "ConfigError";
    this.setting = setting;
    this.problem = problem;
  }
};
var HMAC_ALGS = ["HS256", "HS384", "HS512"];
var ASYM_ALGS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384"];
var SIGNING_PARAMS = ["Expires", "Policy", "Signature", "Key-Pair-Id", "Hash-Algorithm"];
var DEFAULTS = Object.freeze({
  COOKIE_PATH: "/",
  COOKIE_TTL_SECONDS: 3600,
  JWT_CLAIM: "tier",
  JWT_CLOCK_TOLERANCE_SECONDS: 30,
  MAX_BATCH: 50,
  CF_ACTIVE_KEY: "current"
});
function raw(env, name) {
  const v = env[name];
  if (v === void 0 || v === null) return void 0;
  if (typeof v === "string") return v.trim() === "" ? void 0 : v.trim();
  return v;
}
function str(env, name) {
  const v = raw(env, name);
  if (v === void 0) return void 0;
  if (typeof v !== "string") throw new ConfigError(name, "must be a string");
  return v;
}
function required(env, name, why) {
  const v = str(env, name);
  if (v === void 0) throw new ConfigError(name, `is not set${why ? ` (${why})` : ""}`);
  return v;
}
function int(env, name, dflt, min, max) {
  const v = raw(env, name);
  if (v === void 0) return dflt;
  const n = typeof v === "number" ? v : /^[0-9]+$/.test(String(v)) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}`);
  }
  return n;
}
function json(env, name) {
  const v = raw(env, name);
  if (v === void 0) return void 0;
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v);
  } catch {
    throw new ConfigError(name, "is not valid JSON");
  }
}
function pem(env, name, kind) {
  const v = str(env, name);
  if (v === void 0) return void 0;
  const text = v.includes("\\n") ? v.replace(/\\n/g, "\n") : v;
  if (!/-----BEGIN [A-Z0-9 ]+-----/.test(text) || !/-----END [A-Z0-9 ]+-----/.test(text)) {
    throw new ConfigError(name, `is not a PEM ${kind} (no BEGIN/END lines)`);
  }
  return text;
}
function keyId(env, name, why) {
  const v = required(env, name, why);
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(v)) {
    throw new ConfigError(name, "must be a CloudFront public key ID (letters and digits)");
  }
  return v;
}
function list(env, name) {
  const v = str(env, name);
  if (v === void 0) return [];
  return v.split(",").map((s) => s.trim()).filter(Boolean);
}
function checkPattern(name, tier, pattern) {
  if (typeof pattern !== "string" || pattern.length === 0 || pattern.length > 2048) {
    throw new ConfigError(name, `tier "${tier}": each pattern must be a non-empty string`);
  }
  if (!/^[\x21-\x7e]+$/.test(pattern)) {
    throw new ConfigError(name, `tier "${tier}": patterns must be printable ASCII without spaces`);
  }
  if (!/^https?:\/\//.test(pattern)) {
    throw new ConfigError(
      name,
      `tier "${tier}": a cookie resource must start with http:// or https:// (CloudFront)`
    );
  }
  const s = patternSections(pattern);
  if (!s || s.domain === "") {
    throw new ConfigError(name, `tier "${tier}": a pattern needs a domain`);
  }
}
function readTiers(env) {
  const name = "TIERS";
  const tiers = json(env, name);
  if (tiers === void 0) {
    throw new ConfigError(name, 'is not set (a JSON map such as {"premium": ["https://media.example.com/videos/*"]})');
  }
  if (typeof tiers !== "object" || Array.isArray(tiers)) {
    throw new ConfigError(name, "must be a JSON object mapping tier names to lists of URL patterns");
  }
  const map = /* @__PURE__ */ new Map();
  for (const [tier, patterns] of Object.entries(tiers)) {
    if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(tier)) {
      throw new ConfigError(name, "tier names must be 1-64 letters, digits, _ . : or -");
    }
    const arr = typeof patterns === "string" ? [patterns] : patterns;
    if (!Array.isArray(arr) || arr.length === 0 || arr.length > 16) {
      throw new ConfigError(name, `tier "${tier}": must have 1 to 16 URL patterns`);
    }
    for (const p of arr) checkPattern(name, tier, p);
    map.set(tier, arr.slice());
  }
  if (map.size === 0) throw new ConfigError(name, "has no tiers");
  return map;
}
function cookieSets(tiers, cookiePath) {
  const sets = /* @__PURE__ */ new Map();
  for (const [tier, patterns] of tiers) {
    if (patterns.length === 1) {
      sets.set(tier, [{ pattern: patterns[0], path: cookiePath }]);
      continue;
    }
    const list2 = patterns.map((pattern) => ({ pattern, path: cookiePathOf(pattern) }));
    for (let i = 0; i < list2.length; i++) {
      for (let j = 0; j < list2.length; j++) {
        if (i !== j && list2[j].path.startsWith(list2[i].path)) {
          throw new ConfigError(
            "TIERS",
            `tier "${tier}": with several patterns each gets its own cookie Path, and paths "${list2[i].path}" and "${list2[j].path}" overlap (a browser would send two policies); use one pattern for both or patterns under separate folders`
          );
        }
      }
    }
    sets.set(tier, list2);
  }
  return sets;
}
function readJwt(env) {
  const algorithms = list(env, "JWT_ALGORITHMS");
  if (algorithms.length === 0) {
    throw new ConfigError("JWT_ALGORITHMS", 'is not set (for example "HS256" or "ES256")');
  }
  for (const a of algorithms) {
    if (!HMAC_ALGS.includes(a) && !ASYM_ALGS.includes(a)) {
      throw new ConfigError(
        "JWT_ALGORITHMS",
        `unsupported algorithm (allowed: ${[...HMAC_ALGS, ...ASYM_ALGS].join(", ")})`
      );
    }
  }
  const hmac2 = algorithms.filter((a) => HMAC_ALGS.includes(a));
  const asym = algorithms.filter((a) => ASYM_ALGS.includes(a));
  if (hmac2.length && asym.length) {
    throw new ConfigError(
      "JWT_ALGORITHMS",
      "mixes HMAC (HS*) and public-key algorithms; pick one family (algorithm confusion)"
    );
  }
  let secret;
  let publicKey;
  if (hmac2.length) {
    const s = required(env, "JWT_SECRET", `needed for ${hmac2.join(", ")}`);
    if (new TextEncoder().encode(s).length < 32) {
      throw new ConfigError("JWT_SECRET", "must be at least 32 bytes (RFC 7518)");
    }
    secret = s;
  } else {
    publicKey = pem(env, "JWT_PUBLIC_KEY", "public key");
    if (publicKey === void 0) {
      throw new ConfigError("JWT_PUBLIC_KEY", `is not set (needed for ${asym.join(", ")})`);
    }
  }
  const issuer = required(env, "JWT_ISSUER", "the login service's iss");
  const audience = list(env, "JWT_AUDIENCE");
  if (audience.length === 0) throw new ConfigError("JWT_AUDIENCE", "is not set (the aud tokens carry for this worker)");
  const claim = str(env, "JWT_CLAIM") ?? DEFAULTS.JWT_CLAIM;
  if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(claim)) throw new ConfigError("JWT_CLAIM", "must be a claim name");
  const clockTolerance = int(env, "JWT_CLOCK_TOLERANCE_SECONDS", DEFAULTS.JWT_CLOCK_TOLERANCE_SECONDS, 0, 300);
  const sessionCookie = str(env, "SESSION_COOKIE");
  if (sessionCookie !== void 0 && !/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/.test(sessionCookie)) {
    throw new ConfigError("SESSION_COOKIE", "must be a cookie name");
  }
  return { algorithms, hmac: hmac2.length > 0, secret, publicKey, issuer, audience, claim, clockTolerance, sessionCookie };
}
function readKeys(env) {
  const current = {
    idSetting: "CF_KEY_PAIR_ID",
    keySetting: "CF_PRIVATE_KEY",
    keyPairId: keyId(env, "CF_KEY_PAIR_ID", "the CloudFront public key ID"),
    privateKey: pem(env, "CF_PRIVATE_KEY", "private key")
  };
  if (current.privateKey === void 0) {
    throw new ConfigError("CF_PRIVATE_KEY", "is not set (the PEM private key, as a secret)");
  }
  const nextId = str(env, "CF_NEXT_KEY_PAIR_ID");
  const nextKey = str(env, "CF_NEXT_PRIVATE_KEY");
  let next = null;
  if (nextId !== void 0 || nextKey !== void 0) {
    if (nextKey === void 0) throw new ConfigError("CF_NEXT_PRIVATE_KEY", "is not set but CF_NEXT_KEY_PAIR_ID is");
    next = {
      idSetting: "CF_NEXT_KEY_PAIR_ID",
      keySetting: "CF_NEXT_PRIVATE_KEY",
      keyPairId: keyId(env, "CF_NEXT_KEY_PAIR_ID", "set with CF_NEXT_PRIVATE_KEY"),
      privateKey: pem(env, "CF_NEXT_PRIVATE_KEY", "private key")
    };
    if (next.keyPairId === current.keyPairId) {
      throw new ConfigError("CF_NEXT_KEY_PAIR_ID", "is the same ID as CF_KEY_PAIR_ID");
    }
  }
  const active = str(env, "CF_ACTIVE_KEY") ?? DEFAULTS.CF_ACTIVE_KEY;
  if (active !== "current" && active !== "next") {
    throw new ConfigError("CF_ACTIVE_KEY", 'must be "current" or "next"');
  }
  if (active === "next" && !next) {
    throw new ConfigError("CF_ACTIVE_KEY", 'is "next" but CF_NEXT_KEY_PAIR_ID / CF_NEXT_PRIVATE_KEY are not set');
  }
  const hash = str(env, "CF_HASH_ALGORITHM");
  if (hash !== void 0 && hash !== "SHA1" && hash !== "SHA256") {
    throw new ConfigError("CF_HASH_ALGORITHM", 'must be "SHA1" or "SHA256"');
  }
  return { current, next, active, hash };
}
function httpUrl(env, name) {
  const v = str(env, name);
  if (v === void 0) return void 0;
  let u;
  try {
    u = new URL(v);
  } catch {
    throw new ConfigError(name, "is not an absolute URL");
  }
  if (u.protocol !== "http:" && u.protocol !== "https:" || u.username || u.password || u.search || u.hash) {
    throw new ConfigError(name, "must be an http(s) URL without credentials, query or fragment");
  }
  return u;
}
function readGuard(env) {
  const prefix = str(env, "GUARD_PREFIX");
  if (prefix === void 0) return null;
  if (!/^\/[\x21-\x7e]*$/.test(prefix) || /[?#]/.test(prefix)) {
    throw new ConfigError("GUARD_PREFIX", 'must be a URL path starting with "/"');
  }
  const origin = httpUrl(env, "ORIGIN_URL");
  if (!origin) throw new ConfigError("ORIGIN_URL", "is not set (needed with GUARD_PREFIX)");
  const trusted = json(env, "TRUSTED_KEYS");
  if (trusted === void 0) {
    throw new ConfigError("TRUSTED_KEYS", 'is not set (needed with GUARD_PREFIX: JSON {"KEYID": "-----BEGIN PUBLIC KEY-----..."})');
  }
  if (typeof trusted !== "object" || Array.isArray(trusted) || Object.keys(trusted).length === 0) {
    throw new ConfigError("TRUSTED_KEYS", "must be a non-empty JSON object of key ID to SPKI PEM");
  }
  const keys = [];
  for (const [id, p] of Object.entries(trusted)) {
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(id)) throw new ConfigError("TRUSTED_KEYS", "key IDs must be letters and digits");
    if (typeof p !== "string" || !p.includes("-----BEGIN PUBLIC KEY-----")) {
      throw new ConfigError("TRUSTED_KEYS", `key "${id}" is not an SPKI PEM (BEGIN PUBLIC KEY)`);
    }
    keys.push([id, p.replace(/\\n/g, "\n")]);
  }
  const skew = int(env, "GUARD_CLOCK_SKEW_SECONDS", 0, 0, 300);
  return { prefix, origin, keys, skew };
}
function readConfig(env) {
  const keys = readKeys(env);
  const cookiePath = str(env, "COOKIE_PATH") ?? DEFAULTS.COOKIE_PATH;
  if (!/^\/[\x21-\x3a\x3c-\x7e]*$/.test(cookiePath)) {
    throw new ConfigError("COOKIE_PATH", 'must be a path starting with "/" (no spaces or ";")');
  }
  const cookieDomain = str(env, "COOKIE_DOMAIN");
  if (cookieDomain !== void 0 && !/^\.?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(cookieDomain)) {
    throw new ConfigError("COOKIE_DOMAIN", "must be a domain name such as example.com");
  }
  const cookieTtl = int(env, "COOKIE_TTL_SECONDS", DEFAULTS.COOKIE_TTL_SECONDS, 60, 7 * 86400);
  const urlTtl = int(env, "URL_TTL_SECONDS", cookieTtl, 1, 7 * 86400);
  const tiers = readTiers(env);
  const sets = cookieSets(tiers, cookiePath);
  const allPaths = [...new Set([...sets.values()].flat().map((s) => s.path))];
  const jwt = readJwt(env);
  const returnHosts = list(env, "ALLOWED_RETURN_HOSTS").map((h) => h.toLowerCase());
  for (const h of returnHosts) {
    if (!/^[a-z0-9.-]+(:[0-9]{1,5})?$|^\[[0-9a-f:.]+\](:[0-9]{1,5})?$/.test(h)) {
      throw new ConfigError("ALLOWED_RETURN_HOSTS", "must be a comma-separated list of host[:port]");
    }
  }
  const maxBatch = int(env, "MAX_BATCH", DEFAULTS.MAX_BATCH, 1, 1e3);
  const urlBase = httpUrl(env, "URL_BASE");
  const guard = readGuard(env);
  return {
    keys,
    cookie: { path: cookiePath, domain: cookieDomain, ttl: cookieTtl, allPaths },
    urlTtl,
    tiers,
    sets,
    jwt,
    returnHosts,
    maxBatch,
    urlBase,
    guard
  };
}

// node_modules/jose/dist/webapi/lib/buffer_utils.js
var encoder = new TextEncoder();
var decoder = new TextDecoder();
var strictDecoder = new TextDecoder("utf-8", { fatal: true });
var UINT32_RANGE = 2 ** 32;
function concat(...buffers) {
  const size = buffers.reduce((acc, { length }) => acc + length, 0), buf = new Uint8Array(size);
  let i = 0;
  for (const buffer of buffers)
    buf.set(buffer, i), i += buffer.length;
  return buf;
}
var NON_ASCII = /[^\x00-\x7f]/;
function encode(string) {
  if (typeof string == "string" && string.length >= 128) {
    if (NON_ASCII.test(string))
      throw new TypeError("non-ASCII string encountered in encode()");
    return encoder.encode(string);
  }
  const bytes = new Uint8Array(string.length);
  for (let i = 0; i < string.length; i++) {
    const code = string.charCodeAt(i);
    if (code > 127)
      throw new TypeError("non-ASCII string encountered in encode()");
    bytes[i] = code;
  }
  return bytes;
}
function decodeBase64(encoded, url = false) {
  if (Uint8Array.fromBase64)
    return Uint8Array.fromBase64(encoded, { alphabet: url ? "base64url" : "base64" });
  if (url) {
    if (encoded.includes("+") || encoded.includes("/"))
      throw new TypeError("Invalid base64url");
    encoded = encoded.replace(/-/g, "+").replace(/_/g, "/");
  }
  const binary = atob(encoded), bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++)
    bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// node_modules/jose/dist/webapi/util/errors.js
var errors_exports = {};
__export(errors_exports, {
  JOSEAlgNotAllowed: () => JOSEAlgNotAllowed,
  JOSEError: () => JOSEError,
  JOSENotSupported: () => JOSENotSupported,
  JWEDecryptionFailed: () => JWEDecryptionFailed,
  JWEInvalid: () => JWEInvalid,
  JWKInvalid: () => JWKInvalid,
  JWKSInvalid: () => JWKSInvalid,
  JWKSMultipleMatchingKeys: () => JWKSMultipleMatchingKeys,
  JWKSNoMatchingKey: () => JWKSNoMatchingKey,
  JWKSTimeout: () => JWKSTimeout,
  JWSInvalid: () => JWSInvalid,
  JWSSignatureVerificationFailed: () => JWSSignatureVerificationFailed,
  JWTClaimValidationFailed: () => JWTClaimValidationFailed,
  JWTExpired: () => JWTExpired,
  JWTInvalid: () => JWTInvalid
});
var JOSEError = class extends Error {
  static code = "ERR_JOSE_GENERIC";
  code = "ERR_JOSE_GENERIC";
  constructor(message2, options) {
    super(message2, options), this.name = this.constructor.name, Error.captureStackTrace?.(this, this.constructor);
  }
};
var JWTClaimValidationFailed = class extends JOSEError {
  static code = "ERR_JWT_CLAIM_VALIDATION_FAILED";
  code = "ERR_JWT_CLAIM_VALIDATION_FAILED";
  claim;
  reason;
  payload;
  constructor(message2, payload, claim = "unspecified", reason = "unspecified") {
    super(message2, { cause: { claim, reason, payload } }), this.claim = claim, this.reason = reason, this.payload = payload;
  }
};
var JWTExpired = class extends JOSEError {
  static code = "ERR_JWT_EXPIRED";
  code = "ERR_JWT_EXPIRED";
  claim;
  reason;
  payload;
  constructor(message2, payload, claim = "unspecified", reason = "unspecified") {
    super(message2, { cause: { claim, reason, payload } }), this.claim = claim, this.reason = reason, this.payload = payload;
  }
};
var JOSEAlgNotAllowed = class extends JOSEError {
  static code = "ERR_JOSE_ALG_NOT_ALLOWED";
  code = "ERR_JOSE_ALG_NOT_ALLOWED";
};
var JOSENotSupported = class extends JOSEError {
  static code = "ERR_JOSE_NOT_SUPPORTED";
  code = "ERR_JOSE_NOT_SUPPORTED";
};
var JWEDecryptionFailed = class extends JOSEError {
  static code = "ERR_JWE_DECRYPTION_FAILED";
  code = "ERR_JWE_DECRYPTION_FAILED";
  constructor(message2 = "decryption operation failed", options) {
    super(message2, options);
  }
};
var JWEInvalid = class extends JOSEError {
  static code = "ERR_JWE_INVALID";
  code = "ERR_JWE_INVALID";
};
var JWSInvalid = class extends JOSEError {
  static code = "ERR_JWS_INVALID";
  code = "ERR_JWS_INVALID";
};
var JWTInvalid = class extends JOSEError {
  static code = "ERR_JWT_INVALID";
  code = "ERR_JWT_INVALID";
};
var JWKInvalid = class extends JOSEError {
  static code = "ERR_JWK_INVALID";
  code = "ERR_JWK_INVALID";
};
var JWKSInvalid = class extends JOSEError {
  static code = "ERR_JWKS_INVALID";
  code = "ERR_JWKS_INVALID";
};
var JWKSNoMatchingKey = class extends JOSEError {
  static code = "ERR_JWKS_NO_MATCHING_KEY";
  code = "ERR_JWKS_NO_MATCHING_KEY";
  constructor(message2 = "no applicable key found in the JSON Web Key Set", options) {
    super(message2, options);
  }
};
var JWKSMultipleMatchingKeys = class extends JOSEError {
  [Symbol.asyncIterator] = async function* () {
  };
  static code = "ERR_JWKS_MULTIPLE_MATCHING_KEYS";
  code = "ERR_JWKS_MULTIPLE_MATCHING_KEYS";
  constructor(message2 = "multiple matching keys found in the JSON Web Key Set", options) {
    super(message2, options);
  }
};
var JWKSTimeout = class extends JOSEError {
  static code = "ERR_JWKS_TIMEOUT";
  code = "ERR_JWKS_TIMEOUT";
  constructor(message2 = "request timed out", options) {
    super(message2, options);
  }
};
var JWSSignatureVerificationFailed = class extends JOSEError {
  static code = "ERR_JWS_SIGNATURE_VERIFICATION_FAILED";
  code = "ERR_JWS_SIGNATURE_VERIFICATION_FAILED";
  constructor(message2 = "signature verification failed", options) {
    super(message2, options);
  }
};

// node_modules/jose/dist/webapi/util/base64url.js
var invalid = "The input to be decoded is not correctly encoded.";
function decode(input) {
  try {
    return decodeBase64(typeof input == "string" ? input : decoder.decode(input), true);
  } catch (cause) {
    throw new TypeError(invalid, { cause });
  }
}

// node_modules/jose/dist/webapi/lib/validate.js
function isObject(input) {
  if (typeof input != "object" || input === null || Object.prototype.toString.call(input) !== "[object Object]")
    return false;
  const prototype = Object.getPrototypeOf(input);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}
function isDisjoint(...headers) {
  const parameters = /* @__PURE__ */ new Set();
  for (const header of headers)
    if (header)
      for (const parameter of Object.keys(header)) {
        if (parameters.has(parameter))
          return false;
        parameters.add(parameter);
      }
  return true;
}
function decodeBase64url(value, label, ErrorClass) {
  try {
    return decode(value);
  } catch (cause) {
    throw new ErrorClass(`Failed to base64url decode the ${label}`, { cause });
  }
}
function encodeAsciiMember(value, label, ErrorClass) {
  try {
    return encode(value);
  } catch (cause) {
    throw new ErrorClass(`The ${label} is not a valid base64url string`, { cause });
  }
}
function parseJoseHeader(encodedProtectedHeader, ErrorClass, message2) {
  let parsed;
  try {
    parsed = JSON.parse(strictDecoder.decode(decode(encodedProtectedHeader)));
  } catch (cause) {
    throw new ErrorClass(message2, { cause });
  }
  if (!isObject(parsed))
    throw new ErrorClass(message2);
  return parsed;
}
var JWS_RECOGNIZED = { __proto__: null, b64: true };
function validateAlgorithms(option, algorithms) {
  if (algorithms !== void 0 && (!Array.isArray(algorithms) || algorithms.some((s) => typeof s != "string")))
    throw new TypeError(`"${option}" option must be an array of strings`);
  return algorithms === void 0 ? void 0 : new Set(algorithms);
}
function validateCrit(Err, recognizedDefault, recognizedOption, protectedHeader, joseHeader) {
  if (joseHeader.crit !== void 0 && protectedHeader?.crit === void 0)
    throw new Err('"crit" (Critical) Header Parameter MUST be integrity protected');
  if (!protectedHeader || protectedHeader.crit === void 0)
    return [];
  if (!Array.isArray(protectedHeader.crit) || protectedHeader.crit.length === 0 || protectedHeader.crit.some((input) => typeof input != "string" || input.length === 0))
    throw new Err('"crit" (Critical) Header Parameter MUST be an array of non-empty strings when present');
  const recognized = recognizedOption === void 0 ? recognizedDefault : { __proto__: null, ...recognizedOption, ...recognizedDefault };
  for (const parameter of protectedHeader.crit) {
    if (!(parameter in recognized))
      throw new JOSENotSupported(`Extension Header Parameter "${parameter}" is not recognized`);
    if (!Object.hasOwn(joseHeader, parameter) || joseHeader[parameter] === void 0)
      throw new Err(`Extension Header Parameter "${parameter}" is missing`);
    if (recognized[parameter] && (!Object.hasOwn(protectedHeader, parameter) || protectedHeader[parameter] === void 0))
      throw new Err(`Extension Header Parameter "${parameter}" MUST be integrity protected`);
  }
  return protectedHeader.crit;
}
function validateB64(protectedHeader, extensions) {
  if (extensions.includes("b64")) {
    const b64 = protectedHeader.b64;
    if (typeof b64 != "boolean")
      throw new JWSInvalid('The "b64" (base64url-encode payload) Header Parameter must be a boolean');
    return b64;
  }
  return true;
}

// node_modules/jose/dist/webapi/lib/key.js
var tag = (key) => key[Symbol.toStringTag];
var jwkMatchesOp = (entry, key, usage) => {
  const { alg } = entry;
  if (key.use !== void 0) {
    const expected = usage === "sign" || usage === "verify" ? "sig" : "enc";
    if (key.use !== expected)
      throw new TypeError(`Invalid key for this operation, its "use" must be "${expected}" when present`);
  }
  if (key.alg !== void 0 && key.alg !== alg)
    throw new TypeError(`Invalid key for this operation, its "alg" must be "${alg}" when present`);
  if (Array.isArray(key.key_ops)) {
    const expectedKeyOp = usage === "encrypt" || usage === "decrypt" ? entry.ops?.[usage === "encrypt" ? 0 : 1] : usage;
    if (expectedKeyOp && !key.key_ops.includes(expectedKeyOp))
      throw new TypeError(`Invalid key for this operation, its "key_ops" must include "${expectedKeyOp}" when present`);
  }
};
async function prepareKey(entry, key, usage) {
  const { alg, secret } = entry, requiresPrivateKey = usage === "decrypt" || usage === "sign";
  if (secret && key instanceof Uint8Array)
    return key;
  let normalized, keyObject;
  if (isObject(key)) {
    if (normalized = normalizeJwk(key), typeof normalized.kty != "string")
      throw invalidKeyType(alg, key, secret);
    if (!(secret ? normalized.kty === "oct" && typeof normalized.k == "string" : normalized.kty !== "oct" && (requiresPrivateKey ? normalized.kty === "AKP" && typeof normalized.priv == "string" || typeof normalized.d == "string" : normalized.d === void 0 && normalized.priv === void 0)))
      throw new TypeError(secret ? 'JSON Web Key for symmetric algorithms must have JWK "kty" (Key Type) equal to "oct" and the JWK "k" (Key Value) present' : `JSON Web Key for this operation must be a ${requiresPrivateKey ? "private" : "public"} JWK`);
    if (jwkMatchesOp(entry, normalized, usage), normalized.kty === "oct")
      return decode(normalized.k);
    if (!Object.isFrozen(key)) {
      const { key_ops } = key;
      Array.isArray(key_ops) && Object.freeze(key_ops), Object.freeze(key);
    }
  } else {
    if (!isKeyLike(key))
      throw invalidKeyType(alg, key, secret);
    const expectedType = secret ? "secret" : requiresPrivateKey ? "private" : "public";
    if (key.type !== expectedType && (secret || ["secret", "public", "private"].includes(key.type)))
      throw new TypeError(`${tag(key)} instances must be of type "${expectedType}" for the ${alg} algorithm`);
    if (isCryptoKey(key))
      return key;
    if (keyObject = key, keyObject.type === "secret")
      return keyObject.export();
  }
  cache ||= /* @__PURE__ */ new WeakMap();
  const cacheKey = key;
  let cached = cache.get(cacheKey);
  if (cached?.[alg])
    return cached[alg];
  if (cached || cache.set(cacheKey, cached = {}), keyObject && typeof keyObject.toCryptoKey == "function") {
    const isPublic = keyObject.type === "public", crv = nist[keyObject.asymmetricKeyDetails?.namedCurve], params = entry.resolve?.({ crv, asymmetricKeyType: keyObject.asymmetricKeyType }) ?? entry.subtle;
    return cached[alg] = keyObject.toCryptoKey(params, isPublic, entry.usages[isPublic ? 0 : 1]);
  }
  return normalized ??= keyObject.export({ format: "jwk" }), normalized.alg = alg, cached[alg] = await jwkToKey(entry, normalized);
}
var cache;
var nist = {
  __proto__: null,
  prime256v1: "P-256",
  secp384r1: "P-384",
  secp521r1: "P-521"
};
var isCryptoKey = (key) => {
  if (key?.[Symbol.toStringTag] === "CryptoKey")
    return true;
  try {
    return key instanceof CryptoKey;
  } catch {
    return false;
  }
};
var isKeyObject = (key) => key?.[Symbol.toStringTag] === "KeyObject";
var isKeyLike = (key) => isCryptoKey(key) || isKeyObject(key);
function message(msg, actual, ...types) {
  if (types.length > 2) {
    const last = types.pop();
    msg += `one of type ${types.join(", ")}, or ${last}.`;
  } else types.length === 2 ? msg += `one of type ${types[0]} or ${types[1]}.` : msg += `of type ${types[0]}.`;
  return actual == null ? msg += ` Received ${actual}` : typeof actual == "function" && actual.name ? msg += ` Received function ${actual.name}` : typeof actual == "object" && actual != null && actual.constructor?.name && (msg += ` Received an instance of ${actual.constructor.name}`), msg;
}
function invalidKeyType(alg, actual, secret) {
  const types = ["CryptoKey", "KeyObject", "JSON Web Key"];
  return secret && types.push("Uint8Array"), new TypeError(message(`Key for the ${alg} algorithm must be `, actual, ...types));
}
var unusable = (name, prop = "algorithm.name") => new TypeError(`CryptoKey does not support this operation, its ${prop} must be ${name}`);
function checkUsage(key, usage) {
  if (usage && !key.usages.includes(usage))
    throw new TypeError(`CryptoKey does not support this operation, its usages must include ${usage}.`);
}
function checkModulusLength(alg, key) {
  const { modulusLength } = key.algorithm;
  if (typeof modulusLength != "number" || modulusLength < 2048)
    throw new TypeError(`${alg} requires key modulusLength to be 2048 bits or larger`);
}
function checkCryptoKey(key, expected, usage) {
  const algorithm = key.algorithm;
  if (algorithm.name !== expected.name)
    throw unusable(expected.name);
  if (expected.hash && algorithm.hash?.name !== expected.hash)
    throw unusable(expected.hash, "algorithm.hash");
  if (expected.namedCurve && algorithm.namedCurve !== expected.namedCurve)
    throw unusable(expected.namedCurve, "algorithm.namedCurve");
  if (expected.length !== void 0 && algorithm.length !== expected.length)
    throw unusable(expected.length, "algorithm.length");
  checkUsage(key, usage);
}
function snapshotJwk(jwk) {
  return { __proto__: null, ...jwk };
}
function normalizeJwk(jwk) {
  const normalized = snapshotJwk(jwk);
  if (normalized.ext !== void 0 && typeof normalized.ext != "boolean")
    throw new TypeError('"ext" (Extractable) Parameter must be a boolean');
  if (normalized.key_ops !== void 0) {
    const value = normalized.key_ops, keyOps = Array.isArray(value) ? [...value] : void 0;
    if (!keyOps || keyOps.some((operation) => typeof operation != "string") || new Set(keyOps).size !== keyOps.length)
      throw new TypeError('"key_ops" (Key Operations) Parameter must be an array of unique strings');
    normalized.key_ops = keyOps;
  }
  return normalized;
}
function validateExtractableOption(extractable) {
  if (extractable !== void 0 && typeof extractable != "boolean")
    throw new TypeError('"extractable" option must be a boolean');
  return extractable;
}
async function jwkToKey(entry, jwk, extractable) {
  if (!entry.kty.includes(jwk.kty))
    throw new JOSENotSupported('Invalid or unsupported JWK "alg" (Algorithm) Parameter value');
  const algorithm = entry.resolve?.({ kty: jwk.kty, crv: jwk.crv }) ?? entry.subtle, isPrivate = !!(jwk.d || jwk.priv), keyData = { ...jwk, ext: extractable ?? jwk.ext };
  return keyData.kty !== "AKP" && delete keyData.alg, delete keyData.use, crypto.subtle.importKey("jwk", keyData, algorithm, keyData.ext ?? !isPrivate, jwk.key_ops ?? entry.usages[isPrivate ? 1 : 0]);
}
async function rawKey(key, expected, usage, extractable = false) {
  return key instanceof Uint8Array && (key = await crypto.subtle.importKey("raw", key, expected, extractable, [usage])), checkCryptoKey(key, expected, usage), key;
}

// node_modules/jose/dist/webapi/lib/key_descriptor.js
function table(entries) {
  const out = { __proto__: null };
  for (const alg in entries)
    out[alg] = { ...entries[alg], alg };
  return out;
}

// node_modules/jose/dist/webapi/lib/jwe_algorithms.js
var wrap = [
  ["encrypt", "wrapKey"],
  ["decrypt", "unwrapKey"]
];
var derive = [[], ["deriveBits"]];
var none = [[], []];
function rsaes(bits) {
  return {
    kty: ["RSA"],
    mode: "key-encryption",
    subtle: { name: "RSA-OAEP", hash: `SHA-${bits}` },
    usages: wrap,
    ops: ["wrapKey", "unwrapKey"]
  };
}
function ecdh(mode) {
  return {
    kty: ["EC", "OKP"],
    mode,
    subtle: { name: "ECDH" },
    resolve: ({ kty, crv, asymmetricKeyType }) => {
      if (crv === "X25519" || asymmetricKeyType === "x25519")
        return { name: "X25519" };
      if (kty === "OKP")
        throw new JOSENotSupported('Invalid or unsupported JWK "alg" (Algorithm) Parameter value');
      return { name: "ECDH", namedCurve: crv };
    },
    usages: derive,
    ops: [void 0, "deriveBits"]
  };
}
function aeskw(bits, gcm = false) {
  return {
    kty: ["oct"],
    mode: "key-wrapping",
    secret: true,
    subtle: { name: gcm ? "AES-GCM" : "AES-KW", length: bits },
    usages: none,
    ops: gcm ? ["encrypt", "decrypt"] : ["wrapKey", "unwrapKey"]
  };
}
function pbes2() {
  return {
    kty: ["oct"],
    mode: "key-wrapping",
    secret: true,
    subtle: { name: "PBKDF2" },
    usages: none,
    ops: ["deriveBits", "deriveBits"]
  };
}
var JWE = table({
  dir: {
    kty: ["oct"],
    mode: "direct-encryption",
    secret: true,
    subtle: { name: "AES-GCM" },
    usages: none,
    ops: ["encrypt", "decrypt"]
  },
  "RSA-OAEP": rsaes(1),
  "RSA-OAEP-256": rsaes(256),
  "RSA-OAEP-384": rsaes(384),
  "RSA-OAEP-512": rsaes(512),
  "ECDH-ES": ecdh("direct-key-agreement"),
  "ECDH-ES+A128KW": ecdh("key-agreement-with-key-wrapping"),
  "ECDH-ES+A192KW": ecdh("key-agreement-with-key-wrapping"),
  "ECDH-ES+A256KW": ecdh("key-agreement-with-key-wrapping"),
  A128KW: aeskw(128),
  A192KW: aeskw(192),
  A256KW: aeskw(256),
  A128GCMKW: aeskw(128, true),
  A192GCMKW: aeskw(192, true),
  A256GCMKW: aeskw(256, true),
  "PBES2-HS256+A128KW": pbes2(),
  "PBES2-HS384+A192KW": pbes2(),
  "PBES2-HS512+A256KW": pbes2()
});
var contentOps = ["encrypt", "decrypt"];
function contentEncryption(bits, cbc = false) {
  return {
    kty: ["oct"],
    secret: true,
    subtle: { name: cbc ? "AES-CBC" : "AES-GCM", length: bits },
    usages: none,
    ops: contentOps,
    cekBits: bits,
    ivBits: cbc ? 128 : 96,
    cbc
  };
}
var ENC = table({
  A128GCM: contentEncryption(128),
  A192GCM: contentEncryption(192),
  A256GCM: contentEncryption(256),
  "A128CBC-HS256": contentEncryption(256, true),
  "A192CBC-HS384": contentEncryption(384, true),
  "A256CBC-HS512": contentEncryption(512, true)
});

// node_modules/jose/dist/webapi/lib/jws_algorithms.js
var sig = [["verify"], ["sign"]];
function hmac(bits) {
  const subtle = { name: "HMAC", hash: `SHA-${bits}` };
  return { kty: ["oct"], secret: true, subtle, signing: subtle, usages: sig };
}
function rsa(bits, saltLength) {
  const subtle = { name: saltLength ? "RSA-PSS" : "RSASSA-PKCS1-v1_5", hash: `SHA-${bits}` };
  return {
    kty: ["RSA"],
    subtle,
    signing: saltLength ? { ...subtle, saltLength } : subtle,
    usages: sig,
    minRsaBits: 2048
  };
}
function ecdsa(crv, bits) {
  return {
    kty: ["EC"],
    crv,
    subtle: { name: "ECDSA", namedCurve: crv },
    signing: { name: "ECDSA", hash: `SHA-${bits}` },
    usages: sig
  };
}
function eddsa() {
  const subtle = { name: "Ed25519" };
  return {
    kty: ["OKP"],
    crv: "Ed25519",
    subtle,
    signing: subtle,
    usages: sig
  };
}
function mldsa(parameterSet) {
  const subtle = { name: `ML-DSA-${parameterSet}` };
  return {
    kty: ["AKP"],
    subtle,
    signing: subtle,
    usages: sig
  };
}
var JWS = table({
  HS256: hmac(256),
  HS384: hmac(384),
  HS512: hmac(512),
  RS256: rsa(256),
  RS384: rsa(384),
  RS512: rsa(512),
  PS256: rsa(256, 32),
  PS384: rsa(384, 48),
  PS512: rsa(512, 64),
  ES256: ecdsa("P-256", 256),
  ES384: ecdsa("P-384", 384),
  ES512: ecdsa("P-521", 512),
  EdDSA: eddsa(),
  Ed25519: eddsa(),
  "ML-DSA-44": mldsa(44),
  "ML-DSA-65": mldsa(65),
  "ML-DSA-87": mldsa(87)
});
function jwsAlgorithm(alg) {
  const entry = typeof alg == "string" ? JWS[alg] : void 0;
  if (!entry)
    throw new JOSENotSupported(`alg ${alg} is not supported either by JOSE or your javascript runtime`);
  return entry;
}

// node_modules/jose/dist/webapi/lib/jws_verify.js
function prepareVerify(options) {
  return [options && validateAlgorithms("algorithms", options.algorithms), options?.crit];
}
function parseProtectedHeader(encodedProtectedHeader) {
  return encodedProtectedHeader === void 0 ? {} : parseJoseHeader(encodedProtectedHeader, JWSInvalid, "JWS Protected Header is invalid");
}
function encodeCompactUnencodedPayload(payload) {
  try {
    return encode(payload);
  } catch (cause) {
    throw new JWSInvalid("JWS Compact Serialization payload must use only ASCII characters", {
      cause
    });
  }
}
async function verifySignature(jws, shared, key, encodeUnencodedPayload, parsedProtected) {
  const { protected: encodedProtectedHeader, header, payload: inputPayload } = jws, protectedHeader = parsedProtected ?? parseProtectedHeader(encodedProtectedHeader);
  if (!isDisjoint(protectedHeader, header))
    throw new JWSInvalid("JWS Protected and JWS Unprotected Header Parameter names must be disjoint");
  const joseHeader = { ...protectedHeader, ...header }, b64 = validateB64(protectedHeader, validateCrit(JWSInvalid, JWS_RECOGNIZED, shared[1], protectedHeader, joseHeader)), { alg } = joseHeader;
  if (typeof alg != "string" || !alg)
    throw new JWSInvalid('JWS "alg" (Algorithm) Header Parameter missing or invalid');
  if (shared[0] && !shared[0].has(alg))
    throw new JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed');
  if (b64) {
    if (typeof inputPayload != "string")
      throw new JWSInvalid("JWS Payload must be a string");
  } else if (typeof inputPayload != "string" && !(inputPayload instanceof Uint8Array))
    throw new JWSInvalid("JWS Payload must be a string or an Uint8Array instance");
  const signingPayload = b64 || typeof inputPayload != "string" ? inputPayload : encodeUnencodedPayload(inputPayload);
  let resolvedKey = false;
  typeof key == "function" && (key = await key(protectedHeader, jws), resolvedKey = true);
  const entry = jwsAlgorithm(alg), signingInput = concat(encodedProtectedHeader !== void 0 ? encode(encodedProtectedHeader) : new Uint8Array(), encode("."), typeof signingPayload == "string" ? shared[2] ??= encodeAsciiMember(signingPayload, "payload", JWSInvalid) : signingPayload), signature = decodeBase64url(jws.signature, "signature", JWSInvalid), verificationKey = await prepareKey(entry, key, "verify"), cryptoKey = await rawKey(verificationKey, entry.subtle, "verify");
  entry.minRsaBits && checkModulusLength(entry.alg, cryptoKey);
  let verified = false;
  try {
    verified = await crypto.subtle.verify(entry.signing, cryptoKey, signature, signingInput);
  } catch (cause) {
    throw new JWSSignatureVerificationFailed(void 0, { cause });
  }
  if (!verified)
    throw new JWSSignatureVerificationFailed();
  const result = { payload: typeof signingPayload == "string" ? decodeBase64url(signingPayload, "payload", JWSInvalid) : signingPayload };
  return encodedProtectedHeader !== void 0 && (result.protectedHeader = protectedHeader), header !== void 0 && (result.unprotectedHeader = header), resolvedKey ? [{ ...result, key: verificationKey }, b64] : [result, b64];
}
async function verifyCompact(jws, shared, key) {
  if (jws instanceof Uint8Array && (jws = decoder.decode(jws)), typeof jws != "string")
    throw new JWSInvalid("Compact JWS must be a string or Uint8Array");
  const { 0: protectedHeader, 1: payload, 2: signature, length } = jws.split(".");
  if (length !== 3)
    throw new JWSInvalid("Invalid Compact JWS");
  return verifySignature({ payload, protected: protectedHeader, signature }, shared, key, encodeCompactUnencodedPayload);
}

// node_modules/jose/dist/webapi/lib/jwt_claims_set.js
var epoch = (date) => Math.floor(date.getTime() / 1e3);
var multipliers = {
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
  y: 31557600
};
var REGEX = /^(\+|\-)? ?(\d+|\d+\.\d+) ?(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)(?: (ago|from now))?$/i;
var checkFailed = "check_failed";
function invalidDuration() {
  throw new TypeError("Invalid time period format");
}
function secs(str2) {
  typeof str2 != "string" && invalidDuration();
  const matched = REGEX.exec(str2);
  (!matched || matched[4] && matched[1]) && invalidDuration();
  const value = parseFloat(matched[2]), durationSeconds = Math.round(value * multipliers[matched[3][0].toLowerCase()]);
  return Number.isFinite(durationSeconds) || invalidDuration(), matched[1] === "-" || matched[4] === "ago" ? -durationSeconds : durationSeconds;
}
function validateInput(label, input) {
  if (!Number.isFinite(input))
    throw new TypeError(`Invalid ${label} input`);
  return input;
}
var normalizeTyp = (value) => {
  const normalized = value.toLowerCase();
  return value.includes("/") ? normalized : `application/${normalized}`;
};
var checkAudiencePresence = (audPayload, audOption) => typeof audPayload == "string" ? audOption.includes(audPayload) : Array.isArray(audPayload) ? audOption.some((aud) => audPayload.includes(aud)) : false;
function validateNumericDate(claimsSet, claim, required2 = false) {
  const value = claimsSet[claim];
  if (!(value === void 0 && !required2)) {
    if (typeof value != "number")
      throw new JWTClaimValidationFailed(`"${claim}" claim must be a number`, claimsSet, claim, "invalid");
    return value;
  }
}
function unexpectedClaim(claimsSet, claim) {
  throw new JWTClaimValidationFailed(`unexpected "${claim}" claim value`, claimsSet, claim, checkFailed);
}
function validateClaimsSet(protectedHeader, claimsSetBytes, options = {}) {
  let claimsSet;
  try {
    claimsSet = JSON.parse(strictDecoder.decode(claimsSetBytes));
  } catch (cause) {
    throw new JWTInvalid("JWT Claims Set must be a top-level JSON object", { cause });
  }
  if (!isObject(claimsSet))
    throw new JWTInvalid("JWT Claims Set must be a top-level JSON object");
  const { typ } = options;
  if (typ !== void 0 && (typeof protectedHeader.typ != "string" || normalizeTyp(protectedHeader.typ) !== normalizeTyp(typ)))
    throw new JWTClaimValidationFailed('unexpected "typ" JWT header value', claimsSet, "typ", checkFailed);
  const { requiredClaims = [], issuer, subject, audience, maxTokenAge } = options, presenceCheck = [...requiredClaims];
  maxTokenAge !== void 0 && presenceCheck.push("iat"), audience !== void 0 && presenceCheck.push("aud"), subject !== void 0 && presenceCheck.push("sub"), issuer !== void 0 && presenceCheck.push("iss");
  for (const claim of new Set(presenceCheck.reverse()))
    if (!Object.hasOwn(claimsSet, claim))
      throw new JWTClaimValidationFailed(`missing required "${claim}" claim`, claimsSet, claim, "missing");
  issuer !== void 0 && !(Array.isArray(issuer) ? issuer : [issuer]).includes(claimsSet.iss) && unexpectedClaim(claimsSet, "iss"), subject !== void 0 && claimsSet.sub !== subject && unexpectedClaim(claimsSet, "sub"), audience !== void 0 && !checkAudiencePresence(claimsSet.aud, typeof audience == "string" ? [audience] : audience) && unexpectedClaim(claimsSet, "aud");
  const { clockTolerance } = options;
  let tolerance = 0;
  if (typeof clockTolerance == "string")
    tolerance = secs(clockTolerance);
  else if (clockTolerance !== void 0) {
    if (typeof clockTolerance != "number")
      throw new TypeError("Invalid clockTolerance option type");
    tolerance = clockTolerance;
  }
  if (validateInput("clockTolerance option", tolerance), tolerance < 0)
    throw new TypeError("Invalid clockTolerance option input");
  const { currentDate } = options, now = validateInput("currentDate option", epoch(currentDate === void 0 ? /* @__PURE__ */ new Date() : currentDate)), iat = validateNumericDate(claimsSet, "iat", maxTokenAge !== void 0), nbf = validateNumericDate(claimsSet, "nbf");
  if (nbf !== void 0 && nbf > now + tolerance)
    throw new JWTClaimValidationFailed('"nbf" claim timestamp check failed', claimsSet, "nbf", checkFailed);
  const exp = validateNumericDate(claimsSet, "exp");
  if (exp !== void 0 && exp <= now - tolerance)
    throw new JWTExpired('"exp" claim timestamp check failed', claimsSet, "exp", checkFailed);
  if (maxTokenAge !== void 0) {
    const age = now - iat, max = validateInput("maxTokenAge option", typeof maxTokenAge == "number" ? maxTokenAge : secs(maxTokenAge));
    if (max < 0)
      throw new TypeError("Invalid maxTokenAge option input");
    if (age - tolerance > max)
      throw new JWTExpired('"iat" claim timestamp check failed (too far in the past)', claimsSet, "iat", checkFailed);
    if (age < -tolerance)
      throw new JWTClaimValidationFailed('"iat" claim timestamp check failed (it should be in the past)', claimsSet, "iat", checkFailed);
  }
  return claimsSet;
}

// node_modules/jose/dist/webapi/jwt/verify.js
async function jwtVerify(jwt, key, options) {
  const [verified, b64] = await verifyCompact(jwt, prepareVerify(options), key);
  if (!b64)
    throw new JWTInvalid("JWTs MUST NOT use unencoded payload");
  const payload = validateClaimsSet(verified.protectedHeader, verified.payload, options);
  return { ...verified, payload };
}

// node_modules/jose/dist/webapi/lib/key_algorithm.js
var algArgument = '"alg" (Algorithm)';
function unsupportedAlg(source = 'JWK "alg" (Algorithm) Parameter') {
  throw new JOSENotSupported(`Invalid or unsupported ${source} value`);
}
function keyAlgorithm(alg, source) {
  return (typeof alg == "string" ? JWS[alg] ?? JWE[alg] : void 0) ?? unsupportedAlg(source);
}

// node_modules/jose/dist/webapi/lib/asn1.js
var bytesEqual = (a, b) => {
  if (a.byteLength !== b.length)
    return false;
  for (let i = 0; i < a.byteLength; i++)
    if (a[i] !== b[i])
      return false;
  return true;
};
var createASN1State = (data) => ({ data, pos: 0 });
var readByte = (state) => {
  const byte = state.data[state.pos++];
  if (byte === void 0)
    throw new Error("Unexpected end of ASN.1 input");
  return byte;
};
var parseLength = (state) => {
  const first = readByte(state);
  if (first & 128) {
    const lengthOfLen = first & 127;
    let length = 0;
    for (let i = 0; i < lengthOfLen; i++)
      length = length << 8 | readByte(state);
    return length;
  }
  return first;
};
var expectTag = (state, expectedTag, errorMessage) => {
  if (readByte(state) !== expectedTag)
    throw new Error(errorMessage);
};
var getSubarray = (state, length) => {
  if (length < 0 || state.pos + length > state.data.length)
    throw new Error("Unexpected end of ASN.1 input");
  const result = state.data.subarray(state.pos, state.pos + length);
  return state.pos += length, result;
};
var parseAlgorithmOID = (state) => {
  expectTag(state, 6, "Expected algorithm OID");
  const oidLen = parseLength(state);
  return getSubarray(state, oidLen);
};
function parseKeyHeader(state, keyFormat) {
  if (expectTag(state, 48, `Invalid ${keyFormat === "spki" ? "SPKI" : "PKCS#8"} structure`), parseLength(state), keyFormat === "pkcs8") {
    expectTag(state, 2, "Expected version field");
    const length = parseLength(state);
    state.pos += length;
  }
  expectTag(state, 48, "Expected algorithm identifier"), parseLength(state);
}
var parseECAlgorithmIdentifier = (state) => {
  const algOid = parseAlgorithmOID(state);
  if (bytesEqual(algOid, [43, 101, 110]))
    return "X25519";
  if (!bytesEqual(algOid, [42, 134, 72, 206, 61, 2, 1]))
    throw new Error("Unsupported key algorithm");
  expectTag(state, 6, "Expected curve OID");
  const curveOidLen = parseLength(state), curveOid = getSubarray(state, curveOidLen);
  if (bytesEqual(curveOid, [42, 134, 72, 206, 61, 3, 1, 7]))
    return "P-256";
  if (bytesEqual(curveOid, [43, 129, 4, 0, 34]))
    return "P-384";
  if (bytesEqual(curveOid, [43, 129, 4, 0, 35]))
    return "P-521";
  throw new Error("Unsupported named curve");
};
var genericImport = async (keyFormat, keyData, alg, options) => {
  const extractable = validateExtractableOption(options?.extractable), entry = keyAlgorithm(alg, algArgument);
  entry.secret && unsupportedAlg(algArgument);
  const isPublic = keyFormat === "spki";
  let algorithm;
  if (entry.resolve)
    try {
      const state = createASN1State(keyData);
      parseKeyHeader(state, keyFormat), algorithm = entry.resolve({ crv: parseECAlgorithmIdentifier(state) });
    } catch (cause) {
      throw new JOSENotSupported("Invalid or unsupported key format", { cause });
    }
  else
    algorithm = entry.subtle;
  return crypto.subtle.importKey(keyFormat, keyData, algorithm, extractable ?? isPublic, entry.usages[isPublic ? 0 : 1]);
};
var processPEMData = (pem2, pattern) => decodeBase64(pem2.replace(pattern, ""));
var fromSPKI = (pem2, alg, options) => {
  const keyData = processPEMData(pem2, /(?:-----(?:BEGIN|END) PUBLIC KEY-----|\s)/g);
  return genericImport("spki", keyData, alg, options);
};

// node_modules/jose/dist/webapi/key/import.js
async function importSPKI(spki, alg, options) {
  if (typeof spki != "string" || spki.indexOf("-----BEGIN PUBLIC KEY-----") !== 0)
    throw new TypeError('"spki" must be SPKI formatted string');
  return fromSPKI(spki, alg, options);
}

// src/state.js
var states = /* @__PURE__ */ new WeakMap();
var stats = { requests: 0, keyImports: 0, configBuilds: 0 };
function getState(env) {
  let p = states.get(env);
  if (!p) {
    p = buildState(env);
    states.set(env, p);
  }
  return p;
}
async function createSigner(key, hash) {
  try {
    const signer = await Signer.create({
      keyPairId: key.keyPairId,
      privateKey: key.privateKey,
      ...hash ? { algorithm: hash } : {}
    });
    stats.keyImports += 1;
    return signer;
  } catch (e) {
    const code = typeof e?.code === "string" ? e.code : "invalid_key";
    const why = {
      encrypted_key: "is an encrypted key; give it unencrypted (as a secret)",
      unsupported_key: "is not an RSA-2048 or ECDSA P-256 key"
    }[code];
    throw new ConfigError(key.keySetting, why ?? `is not a usable private key (${code})`);
  }
}
async function importJwtKeys(jwt) {
  const keys = /* @__PURE__ */ new Map();
  if (jwt.hmac) {
    const bytes = new TextEncoder().encode(jwt.secret);
    for (const alg of jwt.algorithms) keys.set(alg, bytes);
    return keys;
  }
  for (const alg of jwt.algorithms) {
    try {
      keys.set(alg, await importSPKI(jwt.publicKey, alg));
    } catch {
      throw new ConfigError("JWT_PUBLIC_KEY", `is not an SPKI public key usable with ${alg}`);
    }
  }
  return keys;
}
function buildKeyGroup(guard) {
  const kg = new KeyGroup();
  for (const [id, pem2] of guard.keys) {
    try {
      kg.add(id, pem2);
    } catch (e) {
      const code = typeof e?.code === "string" ? e.code : "invalid_key";
      throw new ConfigError("TRUSTED_KEYS", `key "${id}" is not a usable public key (${code})`);
    }
  }
  return kg;
}
async function buildState(env) {
  stats.configBuilds += 1;
  const config = readConfig(env);
  const { keys } = config;
  const current = await createSigner(keys.current, keys.hash);
  const next = keys.next ? await createSigner(keys.next, keys.hash) : null;
  const signer = keys.active === "next" ? next : current;
  const jwtKeys = await importJwtKeys(config.jwt);
  const keyGroup = config.guard ? buildKeyGroup(config.guard) : null;
  const warnings = [];
  if (config.guard) {
    const trusted = new Set(config.guard.keys.map(([id]) => id));
    for (const k of [keys.current, keys.next].filter(Boolean)) {
      if (!trusted.has(k.keyPairId)) warnings.push(`${k.idSetting} is not in TRUSTED_KEYS: the guard will refuse what it signs`);
    }
  }
  return { config, signer, signers: { current, next }, jwtKeys, keyGroup, warnings };
}

// src/http.js
var JSON_HEADERS = {
  "content-type": "application/json; charset=utf-8",
  "cache-control": "no-store",
  "x-content-type-options": "nosniff"
};
function json2(status, body, headers) {
  const h = new Headers(JSON_HEADERS);
  if (headers) for (const [k, v] of headers instanceof Headers ? headers : Object.entries(headers)) h.append(k, v);
  return new Response(JSON.stringify(body) + "\n", { status, headers: h });
}
function error(status, code, message2, extra, headers) {
  return json2(status, { error: code, message: message2, ...extra }, headers);
}
function methodNotAllowed(allowed) {
  return error(405, "method_not_allowed", `use ${allowed.join(" or ")}`, { allowed }, { allow: allowed.join(", ") });
}
function cookiePairs(header) {
  if (!header) return [];
  const out = [];
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    const name = part.slice(0, i).trim();
    if (name) out.push([name, part.slice(i + 1).trim()]);
  }
  return out;
}
function getCookie(header, name) {
  for (const [k, v] of cookiePairs(header)) if (k === name) return v.replace(/^"(.*)"$/, "$1");
  return null;
}
function log(level, event, fields) {
  const line = JSON.stringify({ level, event, ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

// src/jwt.js
var MAX_TOKEN_BYTES = 8192;
var JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
var AuthError = class extends Error {
  constructor(reason, message2) {
    super(message2);
    this.name = "AuthError";
    this.reason = reason;
  }
};
function findToken(request, jwtConfig) {
  const auth = request.headers.get("authorization");
  if (auth) {
    const m = /^Bearer[ ]+(\S+)\s*$/i.exec(auth);
    if (!m) throw new AuthError("malformed_authorization", 'Authorization must be "Bearer <token>"');
    return m[1];
  }
  if (jwtConfig.sessionCookie) {
    const v = getCookie(request.headers.get("cookie"), jwtConfig.sessionCookie);
    if (v) return v;
  }
  return null;
}
async function verifyToken(token, jwtConfig, keys) {
  if (token.length > MAX_TOKEN_BYTES || !JWT_SHAPE.test(token)) {
    throw new AuthError("malformed_token", "the token is not a compact JWS");
  }
  try {
    const { payload } = await jwtVerify(token, (header) => {
      const key = keys.get(header.alg);
      if (!key) throw new errors_exports.JOSEAlgNotAllowed("algorithm not allowed");
      return key;
    }, {
      algorithms: jwtConfig.algorithms,
      issuer: jwtConfig.issuer,
      audience: jwtConfig.audience,
      clockTolerance: jwtConfig.clockTolerance,
      requiredClaims: ["exp"]
    });
    return payload;
  } catch (e) {
    throw toAuthError(e);
  }
}
function toAuthError(e) {
  switch (e?.code) {
    case "ERR_JWT_EXPIRED":
      return new AuthError("token_expired", "the token has expired");
    case "ERR_JWT_CLAIM_VALIDATION_FAILED": {
      const claim = typeof e.claim === "string" ? e.claim : "claim";
      const what = { aud: "audience", iss: "issuer", nbf: "not-before time", exp: "expiry" }[claim] ?? claim;
      return new AuthError(`bad_${claim}`, `the token's ${what} (${claim}) is not accepted`);
    }
    case "ERR_JOSE_ALG_NOT_ALLOWED":
      return new AuthError("algorithm_not_allowed", "the token's algorithm is not allowed");
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
      return new AuthError("bad_signature", "the token's signature does not verify");
    case "ERR_JWS_INVALID":
    case "ERR_JWT_INVALID":
    case "ERR_JOSE_NOT_SUPPORTED":
      return new AuthError("malformed_token", "the token is malformed");
    default:
      return new AuthError("invalid_token", "the token is not valid");
  }
}

// src/mint.js
var COOKIE_NAMES = [
  "CloudFront-Policy",
  "CloudFront-Signature",
  "CloudFront-Key-Pair-Id",
  "CloudFront-Hash-Algorithm",
  "CloudFront-Expires"
];
var MAX_BODY_BYTES = 64 * 1024;
var MAX_ENTRY_BYTES = 2048;
async function authenticate(request, state) {
  const { jwt } = state.config;
  let token;
  try {
    token = findToken(request, jwt);
    if (!token) {
      const where = jwt.sessionCookie ? ` or in the ${jwt.sessionCookie} cookie` : "";
      throw new AuthError("missing_token", `send the identity token as "Authorization: Bearer <token>"${where}`);
    }
    const payload = await verifyToken(token, jwt, state.jwtKeys);
    const tier = payload[jwt.claim];
    if (typeof tier !== "string" || !state.config.tiers.has(tier)) {
      return {
        response: error(403, "unknown_tier", `the token is valid but its "${jwt.claim}" claim names no configured tier`)
      };
    }
    return { tier, patterns: state.config.tiers.get(tier), sets: state.config.sets.get(tier) };
  } catch (e) {
    if (!(e instanceof AuthError)) throw e;
    const param = e.reason === "missing_token" ? 'Bearer realm="cfsign"' : 'Bearer realm="cfsign", error="invalid_token"';
    return {
      response: error(401, e.reason === "missing_token" ? "missing_token" : "invalid_token", e.message, { reason: e.reason }, {
        "www-authenticate": param
      })
    };
  }
}
function cookieAttributes(config, path, maxAge) {
  const domain = config.cookie.domain ? `; Domain=${config.cookie.domain}` : "";
  return `${domain}; Path=${path}; Max-Age=${maxAge}; Secure; HttpOnly; SameSite=Lax`;
}
function policyFor(pattern, expires) {
  return JSON.stringify({
    Statement: [{ Resource: pattern, Condition: { DateLessThan: { "AWS:EpochTime": expires } } }]
  });
}
async function signCookies(state, sets, now) {
  const { config, signer } = state;
  const ttl = config.cookie.ttl;
  const expires = now + ttl;
  const lines = [];
  const signed = await Promise.all(sets.map((s) => signer.getSignedCookies({ policy: policyFor(s.pattern, expires) })));
  const used = /* @__PURE__ */ new Set();
  sets.forEach((s, i) => {
    used.add(s.path);
    const cookies = signed[i];
    const attrs = cookieAttributes(config, s.path, ttl);
    const clear = cookieAttributes(config, s.path, 0);
    for (const name of COOKIE_NAMES) {
      const v = cookies[name];
      lines.push(v === void 0 ? `${name}=${clear}` : `${name}=${v}${attrs}`);
    }
  });
  for (const path of config.cookie.allPaths) {
    if (used.has(path)) continue;
    const clear = cookieAttributes(config, path, 0);
    for (const name of COOKIE_NAMES) lines.push(`${name}=${clear}`);
  }
  return { lines, expires };
}
function checkReturnTo(value, requestUrl, hosts) {
  if (value.length > 2048 || /[\x00-\x20\x7f\\]/.test(value)) return null;
  const here = new URL(requestUrl);
  if (value.startsWith("/") && !value.startsWith("//")) {
    const u2 = new URL(value, here);
    return u2.origin === here.origin ? u2.href : null;
  }
  let u;
  try {
    u = new URL(value);
  } catch {
    return null;
  }
  if (u.protocol !== "https:" && u.protocol !== "http:" || u.username || u.password) return null;
  return hosts.includes(u.host.toLowerCase()) ? u.href : null;
}
async function handleCookies(request, state) {
  let returnTo = null;
  if (request.method === "GET") {
    const rt = new URL(request.url).searchParams.get("return_to");
    if (rt !== null) {
      returnTo = checkReturnTo(rt, request.url, state.config.returnHosts);
      if (!returnTo) {
        return error(400, "bad_return_to", "return_to must be a path on this site or a URL on a host in ALLOWED_RETURN_HOSTS");
      }
    }
  }
  const auth = await authenticate(request, state);
  if (auth.response) return auth.response;
  const now = Math.floor(Date.now() / 1e3);
  const { lines, expires } = await signCookies(state, auth.sets, now);
  const headers = new Headers();
  for (const line of lines) headers.append("set-cookie", line);
  if (returnTo) {
    headers.set("location", returnTo);
    headers.set("cache-control", "no-store");
    return new Response(null, { status: 302, headers });
  }
  return json2(
    200,
    {
      tier: auth.tier,
      resources: auth.sets.map((s) => ({ pattern: s.pattern, path: s.path })),
      expires,
      expires_utc: new Date(expires * 1e3).toISOString(),
      max_age: state.config.cookie.ttl,
      key_pair_id: state.signer.keyPairId
    },
    headers
  );
}
function baseFor(config, patterns) {
  if (config.urlBase) return config.urlBase;
  let origin = null;
  for (const p of patterns) {
    const m = /^(https?:\/\/[^/?*\\]+)(?=[/?\\]|$)/.exec(p);
    if (!m || /[*?]/.test(m[1])) return null;
    if (origin && origin !== m[1]) return null;
    origin = m[1];
  }
  return origin ? new URL(origin + "/") : null;
}
async function readJsonBody(request) {
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > MAX_BODY_BYTES) return { error: error(413, "body_too_large", `the body is larger than ${MAX_BODY_BYTES} bytes`) };
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) return { error: error(413, "body_too_large", `the body is larger than ${MAX_BODY_BYTES} bytes`) };
  try {
    return { body: JSON.parse(text) };
  } catch {
    return { error: error(400, "bad_json", "the body is not valid JSON") };
  }
}
function resolveEntry(entry, base) {
  if (typeof entry !== "string" || entry.length === 0 || entry.length > MAX_ENTRY_BYTES) return { problem: "not a non-empty string of at most 2048 characters" };
  if (/[\x00-\x20\x7f\\#*]/.test(entry)) return { problem: "contains a space, control character, backslash, # or *" };
  let u;
  if (/^https?:\/\//i.test(entry)) {
    u = new URL(entry);
  } else if (entry.startsWith("/") && !entry.startsWith("//")) {
    if (!base) return { problem: "is a path, but no URL_BASE is configured and the tier's patterns have no single origin" };
    u = new URL(base.pathname.replace(/\/$/, "") + entry, base);
  } else {
    return { problem: 'must be a path starting with "/" or an http(s) URL' };
  }
  if (u.username || u.password) return { problem: "must not carry credentials" };
  for (const name of u.searchParams.keys()) {
    if (SIGNING_PARAMS.includes(name)) return { problem: `already carries the signing parameter ${name}` };
  }
  return { url: u.href };
}
async function handleSignedUrls(request, state) {
  const auth = await authenticate(request, state);
  if (auth.response) return auth.response;
  const { config, signer } = state;
  const { body, error: bodyError } = await readJsonBody(request);
  if (bodyError) return bodyError;
  if (!body || typeof body !== "object" || Array.isArray(body) || !Array.isArray(body.paths)) {
    return error(400, "bad_request", 'the body must be a JSON object {"paths": ["/path", ...]}');
  }
  const { paths } = body;
  if (paths.length === 0) return error(400, "bad_request", "paths is empty");
  if (paths.length > config.maxBatch) {
    return error(400, "too_many_paths", `at most ${config.maxBatch} paths per request`, { max: config.maxBatch, got: paths.length });
  }
  const base = baseFor(config, auth.patterns);
  const urls = [];
  const bad = [];
  const forbidden = [];
  paths.forEach((entry, index) => {
    const r = resolveEntry(entry, base);
    if (r.problem) bad.push({ index, problem: r.problem });
    else if (!auth.patterns.some((p) => resourceMatches(p, r.url))) forbidden.push({ index, path: entry, url: r.url });
    else urls.push(r.url);
  });
  if (bad.length) return error(400, "bad_paths", "some paths are not valid", { paths: bad });
  if (forbidden.length) {
    return error(403, "forbidden_paths", `some paths are outside what tier "${auth.tier}" may read`, { paths: forbidden });
  }
  const expires = Math.floor(Date.now() / 1e3) + config.urlTtl;
  const signed = await Promise.all(urls.map((url) => signer.getSignedUrl({ url, dateLessThan: expires * 1e3 })));
  return json2(200, { urls: signed, expires, expires_utc: new Date(expires * 1e3).toISOString(), key_pair_id: signer.keyPairId });
}

// src/guard.js
function stripSigningParams(search) {
  if (!search || search === "?") return "";
  const kept = search.slice(1).split("&").filter((pair) => {
    const name = pair.split("=", 1)[0];
    return pair !== "" && !SIGNING_PARAMS.includes(name);
  });
  return kept.length ? `?${kept.join("&")}` : "";
}
function splitCookies(header, sessionCookie) {
  const cloudfront = [];
  const others = [];
  for (const [k, v] of cookiePairs(header)) {
    if (k.startsWith("CloudFront-")) cloudfront.push(`${k}=${v}`);
    else if (k !== sessionCookie) others.push(`${k}=${v}`);
  }
  return { cloudfront: cloudfront.join("; "), others: others.join("; ") };
}
var REASON_FIELDS = ["code", "message", "cloudfront_error", "explanation", "fix"];
async function handleGuard(request, state) {
  const { guard, jwt } = state.config;
  const cookies = splitCookies(request.headers.get("cookie"), jwt.sessionCookie);
  let verdict;
  try {
    verdict = verifySignedUrl(request.url, {
      keyGroup: state.keyGroup,
      now: /* @__PURE__ */ new Date(),
      clientIp: request.headers.get("cf-connecting-ip") ?? void 0,
      cookies: cookies.cloudfront,
      skew: guard.skew
    });
  } catch (e) {
    return error(400, "bad_request", "the request URL cannot be checked", { code: typeof e?.code === "string" ? e.code : void 0 });
  }
  if (!verdict.allowed) {
    const reasons = (verdict.reasons ?? []).map((r) => Object.fromEntries(REASON_FIELDS.filter((f) => r[f] !== void 0).map((f) => [f, r[f]])));
    const codes = [...new Set(reasons.map((r) => r.code))];
    return json2(
      403,
      {
        error: "access_denied",
        message: reasons[0]?.message ?? "access denied",
        source: verdict.source,
        key_pair_id: verdict.key_pair_id ?? null,
        reasons
      },
      { "x-cfsign-reason": codes.join(",") || "denied" }
    );
  }
  const url = new URL(request.url);
  const origin = guard.origin;
  const target = `${origin.origin}${origin.pathname.replace(/\/$/, "")}${url.pathname}${stripSigningParams(url.search)}`;
  const headers = new Headers(request.headers);
  headers.delete("host");
  headers.delete("authorization");
  if (cookies.others) headers.set("cookie", cookies.others);
  else headers.delete("cookie");
  let response;
  try {
    response = await fetch(target, { method: request.method, headers, redirect: "manual" });
  } catch {
    return error(502, "origin_unreachable", "the origin did not answer");
  }
  const out = new Response(response.body, response);
  out.headers.set("x-cfsign-verified", verdict.source);
  return out;
}

// src/index.js
initSync({ module: wasmModule2 });
var VERSION = version();
var loggedConfigErrors = /* @__PURE__ */ new WeakSet();
var loggedWarnings = /* @__PURE__ */ new WeakSet();
function configFailure(env, e) {
  if (e instanceof ConfigError) {
    log("error", "config_error", { setting: e.setting, problem: e.problem });
    return error(500, "configuration_error", `configuration setting ${e.setting} ${e.problem}`, { setting: e.setting });
  }
  if (!loggedConfigErrors.has(env)) loggedConfigErrors.add(env);
  log("error", "config_error", { setting: null, problem: `unexpected ${e?.name ?? "error"} while loading the configuration` });
  return error(500, "configuration_error", "the configuration could not be loaded", { setting: null });
}
function health(state) {
  const { signer, config } = state;
  return json2(200, {
    status: "ok",
    version: VERSION,
    key_pair_id: signer.keyPairId,
    active_key: config.keys.active,
    key_type: signer.keyType,
    hash_algorithm: signer.algorithm,
    native_crypto: signer.native,
    tiers: [...config.tiers.keys()],
    guard_prefix: config.guard?.prefix ?? null,
    trusted_keys: config.guard ? config.guard.keys.map(([id]) => id) : [],
    isolate: { ...stats }
  });
}
async function route(request, env, state) {
  const url = new URL(request.url);
  const path = url.pathname;
  const method = request.method;
  if (path === "/healthz") {
    if (method !== "GET" && method !== "HEAD") return methodNotAllowed(["GET", "HEAD"]);
    return health(state);
  }
  if (path === "/auth/cookies") {
    if (method !== "GET" && method !== "POST") return methodNotAllowed(["GET", "POST"]);
    return handleCookies(request, state);
  }
  if (path === "/api/signed-urls") {
    if (method !== "POST") return methodNotAllowed(["POST"]);
    return handleSignedUrls(request, state);
  }
  const guard = state.config.guard;
  if (guard && path.startsWith(guard.prefix)) {
    if (method !== "GET" && method !== "HEAD") return methodNotAllowed(["GET", "HEAD"]);
    return handleGuard(request, state);
  }
  if (env.ASSETS && (method === "GET" || method === "HEAD")) {
    const asset = await env.ASSETS.fetch(request);
    if (asset.status !== 404) return asset;
  }
  return error(404, "not_found", `no route for ${path}`);
}
var index_default = {
  async fetch(request, env, ctx) {
    stats.requests += 1;
    let state;
    try {
      state = await getState(env);
    } catch (e) {
      return configFailure(env, e);
    }
    if (state.warnings.length && !loggedWarnings.has(env)) {
      loggedWarnings.add(env);
      for (const w of state.warnings) log("warn", "config_warning", { problem: w });
    }
    try {
      return await route(request, env, state);
    } catch (e) {
      const code = typeof e?.code === "string" ? e.code : void 0;
      log("error", "internal_error", { name: e?.name ?? "Error", code, path: new URL(request.url).pathname });
      return error(500, "internal_error", "the worker failed on this request", code ? { code } : void 0);
    }
  }
};
export {
  index_default as default
};
