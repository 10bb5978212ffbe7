//! Reading an activation from its name, and the checks a model of some
//! units makes of its activation: where an activation meets the crate's errors.

use std::str::FromStr;

use super::Activation;
use crate::Error;

impl Activation {
    /// A softmax needs at least two units to share probability between:
    /// the check a model of `units` units makes.
    ///
    /// # Errors
    /// [`Error::SoftmaxUnits`] for a softmax over fewer than 2 units.
    pub(crate) fn check_units(self, units: usize, model: &'static str) -> crate::Result<()> {
        if self == Activation::Softmax && units < 2 {
            Err(Error::SoftmaxUnits { model, units })
        } else {
            Ok(())
        }
    }
}

impl FromStr for Activation {
    type Err = Error;

    /// Reads an activation by name, ignoring case: `"sigmoid"`, `"logistic"`,
    /// `"tanh"`, `"relu"`, `"step"`, `"heaviside"`, `"identity"`, `"linear"`, `"softmax"`,
    /// `"gelu"`, `"silu"`, `"leaky_relu"`, `"elu"`.
    fn from_str(s: &str) -> Result<Self, Error> {
        let name = s.trim().to_ascii_lowercase();
        let alias = match name.as_str() {
            "logistic" => Some(Activation::Sigmoid),
            "heaviside" => Some(Activation::Step),
            "linear" => Some(Activation::Identity),
            "leakyrelu" => Some(Activation::LeakyRelu),
            _ => None,
        };
        alias
            .or_else(|| Activation::EVERY.into_iter().find(|a| a.name() == name))
            .ok_or_else(|| Error::UnknownActivation { name: s.to_owned() })
    }
}
