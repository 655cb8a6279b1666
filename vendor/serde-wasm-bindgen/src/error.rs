use wasm_bindgen::prelude::*;

// cfsign's change (see README.md): `core` and `alloc`, not `std`.
use alloc::string::{String, ToString};

/// A newtype that represents Serde errors as JavaScript exceptions.
#[derive(Debug)]
pub struct Error(JsValue);

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
        #[wasm_bindgen]
        extern "C" {
            #[wasm_bindgen(js_name = String)]
            pub fn to_string(value: &JsValue) -> String;
        }

        to_string(&self.0).fmt(f)
    }
}

impl serde::de::StdError for Error {}

impl Error {
    /// Creates a JavaScript `Error` with a given message.
    pub fn new<T: core::fmt::Display>(msg: T) -> Self {
        Error(JsError::new(&msg.to_string()).into())
    }
}

impl serde::ser::Error for Error {
    fn custom<T: core::fmt::Display>(msg: T) -> Self {
        Error::new(msg)
    }
}

impl serde::de::Error for Error {
    fn custom<T: core::fmt::Display>(msg: T) -> Self {
        Error::new(msg)
    }

    // cfsign's change (see README.md): serde's own `invalid_type` and `invalid_value` write the
    // refused value (`Unexpected`: a float, a string escaped with `{:?}`), which links core's
    // float formatting into every module, and shows a caller's value in an error. These write
    // what was expected only, in serde's shape.
    #[cold]
    fn invalid_type(_: serde::de::Unexpected, exp: &dyn serde::de::Expected) -> Self {
        Error::new(format_args!("invalid type: a value, expected {}", exp))
    }

    #[cold]
    fn invalid_value(_: serde::de::Unexpected, exp: &dyn serde::de::Expected) -> Self {
        Error::new(format_args!("invalid value: a value, expected {}", exp))
    }
}

/// This conversion is needed for `?` to just work when using wasm-bindgen
/// imports that return JavaScript exceptions as `Result<T, JsValue>`.
impl From<JsValue> for Error {
    fn from(error: JsValue) -> Error {
        Error(error)
    }
}

// This conversion is needed for `?` to just work in wasm-bindgen exports
// that return `Result<T, JsValue>` to throw JavaScript exceptions.
impl From<Error> for JsValue {
    fn from(error: Error) -> JsValue {
        error.0
    }
}
